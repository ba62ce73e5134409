import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { DrillRow } from '@/lib/dashboard/drill';
import { ask } from '@/lib/messaging/ask';
import { ROUTE_LABEL, SCALE_LABEL, SCALE_MAX, SLA_STATE_LABEL } from '@/lib/labels';
import { formatDateTime } from '@/lib/loop';

export interface DrillState {
  title: string;
  rows: DrillRow[] | null;
  total: number;
}

const STATUS_LABEL: Record<DrillRow['status'], string> = {
  open: 'Open',
  resolved: 'Resolved',
  escalated: 'Escalated',
  churned: 'Churned',
  no_response: 'No response',
};

/** The loops behind one number; each opens its CRM record, as the queue does. */
export function DrillDialog({ drill, timeZone, onClose }: { drill: DrillState | null; timeZone: string; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [status, setStatus] = useState('');
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (drill && !d.open) {
      setStatus('');
      d.showModal();
    }
    if (!drill && d.open) d.close();
  }, [drill]);

  const opener = useMutation({
    mutationFn: (loopId: string) => ask({ type: 'record/open', loopId }),
    onMutate: () => setStatus(''),
    onSuccess: (reply, loopId) => {
      if (reply.url === null) {
        const row = drill?.rows?.find((r) => r.loopId === loopId);
        setStatus(
          `Loopside has not seen this contact’s CRM record yet: open it once in HubSpot or Salesforce (search for ${row?.email || 'the contact'}), and it opens from here after that.`,
        );
      } else setStatus(reply.reused ? 'Switched to the tab that already shows this record.' : 'Opened the record in a new tab.');
    },
    onError: (e) => setStatus(`Could not open the record: ${e.message}`),
  });

  return (
    <dialog ref={dialog} className="drill-dialog" aria-labelledby="drill-h" onClose={onClose} data-testid="drill">
      {drill ? (
        <>
          <header className="drill-dialog__head">
            <h2 id="drill-h">{drill.title}</h2>
            <button type="button" onClick={onClose} className="button">
              Close
            </button>
          </header>
          <p role="status" className="drill-dialog__status">
            {drill.rows === null
              ? 'Loading the loops…'
              : drill.total > drill.rows.length
                ? `Showing the latest ${drill.rows.length} of ${drill.total} loops; the CSV export has every one.`
                : `${drill.total} ${drill.total === 1 ? 'loop' : 'loops'}.`}
            {status ? ` ${status}` : ''}
          </p>
          {drill.rows && drill.rows.length > 0 ? (
            <table className="data drill-table" data-testid="drill-table">
              <caption className="visually-hidden">{drill.title}</caption>
              <thead>
                <tr>
                  <th scope="col">Contact</th>
                  <th scope="col">Score</th>
                  <th scope="col">Route</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Responded ({timeZone})</th>
                  <th scope="col">First touch</th>
                  <th scope="col">Status</th>
                  <th scope="col">Record</th>
                </tr>
              </thead>
              <tbody>
                {drill.rows.map((r) => (
                  <tr key={r.loopId} data-testid="drill-row">
                    <th scope="row">
                      {r.name}
                      {r.company ? <span className="muted"> · {r.company}</span> : null}
                    </th>
                    <td>
                      {SCALE_LABEL[r.scale]} {r.score} / {SCALE_MAX[r.scale]}
                    </td>
                    <td>{ROUTE_LABEL[r.route]}</td>
                    <td>{r.ownerName}</td>
                    <td>{formatDateTime(r.respondedAt, timeZone)}</td>
                    <td>{SLA_STATE_LABEL[r.slaState]}</td>
                    <td>{STATUS_LABEL[r.status]}</td>
                    <td>
                      <button
                        type="button"
                        className="button"
                        onClick={() => opener.mutate(r.loopId)}
                        disabled={opener.isPending && opener.variables === r.loopId}
                      >
                        Open record<span className="visually-hidden"> of {r.name}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
    </dialog>
  );
}
