import { useState, type FormEvent } from 'react';
import { FormButtons, ReasonField, useFocusFirstControl, type FinishFormProps } from './finish-fields';

/** Reopening a closed loop, with the rep's reason (required). */
export function ReopenLoopForm({ idBase, busy, send, onCancel }: FinishFormProps) {
  const formRef = useFocusFirstControl();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    const found = reason.trim() ? null : 'Say why the loop reopens.';
    setError(found);
    if (found) return e.currentTarget.querySelector('textarea')?.focus();
    send([{ kind: 'reopen', reason: reason.trim() }], 'Loop reopened.');
  };

  return (
    <form ref={formRef} id={`${idBase}-reopen`} className="finish__form" onSubmit={submit} noValidate aria-label="Reopen the loop">
      <ReasonField idBase={idBase} label="Reason for reopening" value={reason} onChange={setReason} error={error} />
      <FormButtons submitLabel="Reopen loop" busy={busy} onCancel={onCancel} />
    </form>
  );
}
