import { useState, type FormEvent } from 'react';
import { FormButtons, RootCauseFields, rootCauseAction, rootCauseError, useFocusFirstControl, type FinishFormProps } from './finish-fields';

/** Naming (or changing) a loop's root cause without ending it. */
export function RootCauseForm({ idBase, busy, send, onCancel }: FinishFormProps) {
  const formRef = useFocusFirstControl();
  const [category, setCategory] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    const found = rootCauseError(category, note, true) ?? null;
    setError(found);
    if (found) return e.currentTarget.querySelector<HTMLElement>(category ? 'input[type=text]' : 'select')?.focus();
    send([rootCauseAction(category, note)!], `Root cause saved: ${category}.`);
  };

  return (
    <form ref={formRef} id={`${idBase}-cause`} className="finish__form" onSubmit={submit} noValidate aria-label="Set the root cause">
      <RootCauseFields
        idBase={idBase}
        category={category}
        note={note}
        onCategory={setCategory}
        onNote={setNote}
        error={error}
        optional={false}
      />
      <FormButtons submitLabel="Save root cause" busy={busy} onCancel={onCancel} />
    </form>
  );
}
