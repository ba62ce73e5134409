import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, useLayoutEffect } from 'react';
import { ROLE_LABEL, type Person } from '@/lib/people/schema';
import { useDirectory } from '@/lib/view/directory';
import { ask } from '@/lib/messaging/ask';
import { DirectoryImport } from './DirectoryImport';
import { PersonForm } from './PersonForm';
import { formatWorkdays } from './people-view';
import { plural } from '@/lib/labels';

type Editing = { kind: 'none' } | { kind: 'add' } | { kind: 'edit'; person: Person };

export function TeamPanel({ defaultTimeZone }: { defaultTimeZone: string }) {
  const id = useId();
  const data = useDirectory();
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const [confirming, setConfirming] = useState('');
  const [notice, setNotice] = useState('');
  const addButton = useRef<HTMLButtonElement>(null);
  // After the form closes (or a row is removed) focus lands on "Add a person", not on the page's top.
  const returnFocus = useRef(false);
  useLayoutEffect(() => {
    if (editing.kind === 'none' && returnFocus.current) {
      returnFocus.current = false;
      addButton.current?.focus();
    }
  });

  const importer = useMutation({
    mutationFn: async (text: string) => ask({ type: 'people/import', text }),
  });
  const saver = useMutation({
    mutationFn: (person: Person) => ask({ type: 'people/save', person }),
    onSuccess: (_data, person) => {
      setNotice(`Saved ${person.name || person.email}.`);
      returnFocus.current = true;
      setEditing({ kind: 'none' });
    },
  });
  const deleter = useMutation({
    mutationFn: (email: string) => ask({ type: 'people/delete', email }),
    onSuccess: (_data, email) => {
      setNotice(`Removed ${email} from the directory.`);
      returnFocus.current = true;
      setConfirming('');
    },
  });
  const startEditing = (next: Editing) => {
    saver.reset();
    setNotice('');
    setEditing(next);
  };

  const people = data?.people ?? [];
  return (
    <section aria-labelledby={`${id}-h`} className="panel" id="team">
      <h2 id={`${id}-h`}>Team directory</h2>
      <p className="hint">
        Loops belong to the owner named in the survey response. An owner who is not in this directory leaves the loop in the unassigned
        queue, which managers see in the popup and can assign from there.
      </p>
      <DirectoryImport
        onImport={(text) => importer.mutate(text)}
        pending={importer.isPending}
        summary={importer.data}
        error={importer.error ? importer.error.message : null}
      />

      <h3>People ({people.length})</h3>
      {data && data.unassigned > 0 ? (
        <p className="notice" data-testid="unassigned-count">
          {plural(data.unassigned, 'open loop has', 'open loops have')} no owner in this directory.
        </p>
      ) : null}
      {people.length === 0 ? (
        <p className="hint">Nobody yet. Import a CSV or add people one by one.</p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="people-table">
            <caption className="visually-hidden">Team directory</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Manager</th>
                <th scope="col">Working hours</th>
                <th scope="col">Open loops</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => {
                const manager = p.managerEmail ? data!.directory.get(p.managerEmail) : undefined;
                const label = p.name || p.email;
                return (
                  <tr key={p.email}>
                    <th scope="row">{p.name || <span className="hint">(no name)</span>}</th>
                    <td className="break">{p.email}</td>
                    <td>{ROLE_LABEL[p.role]}</td>
                    <td className="break">
                      {p.managerEmail ? (
                        manager ? (
                          manager.name || manager.email
                        ) : (
                          <>
                            {p.managerEmail} <span className="hint">(not in the directory)</span>
                          </>
                        )
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>
                      {formatWorkdays(p.workdays)} {p.workStart}–{p.workEnd}
                      <br />
                      <span className="hint">{p.timeZone}</span>
                    </td>
                    <td>{data!.openByOwner.get(p.email) ?? 0}</td>
                    <td className="row-actions">
                      {confirming === p.email ? (
                        <>
                          <span>Remove {label}?</span>{' '}
                          <button
                            type="button"
                            className="button button--danger"
                            disabled={deleter.isPending}
                            onClick={() => deleter.mutate(p.email)}
                          >
                            Remove
                          </button>{' '}
                          <button type="button" className="button" onClick={() => setConfirming('')}>
                            Keep
                          </button>
                        </>
                      ) : (
                        <>
                          <button
                            type="button"
                            className="button"
                            aria-label={`Edit ${label}`}
                            onClick={() => startEditing({ kind: 'edit', person: p })}
                          >
                            Edit
                          </button>{' '}
                          <button
                            type="button"
                            className="button"
                            aria-label={`Remove ${label}`}
                            onClick={() => {
                              deleter.reset();
                              setConfirming(p.email);
                            }}
                          >
                            Remove
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p role="status" aria-live="polite" className="status">
        {deleter.error ? <span className="error">Could not remove: {deleter.error.message}</span> : notice}
      </p>
      {editing.kind === 'none' ? (
        <button ref={addButton} type="button" className="button" onClick={() => startEditing({ kind: 'add' })}>
          Add a person
        </button>
      ) : (
        <PersonForm
          key={editing.kind === 'edit' ? editing.person.email : '+'}
          person={editing.kind === 'edit' ? editing.person : null}
          people={people}
          defaultTimeZone={defaultTimeZone}
          pending={saver.isPending}
          error={saver.error ? saver.error.message : null}
          onSave={(person) => saver.mutate(person)}
          onCancel={() => {
            returnFocus.current = true;
            setEditing({ kind: 'none' });
          }}
        />
      )}
    </section>
  );
}
