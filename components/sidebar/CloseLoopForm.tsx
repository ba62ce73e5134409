import { useState, type FormEvent } from 'react';
import type { TerminalState } from '@/lib/loop';
import type { LoopAction } from '@/lib/messaging/protocol';
import { Choice } from './OutcomeForm';
import { CLOSE_LABEL } from '@/lib/labels';
import {
  CLOSE_STATES,
  FieldError,
  FormButtons,
  ReasonField,
  RootCauseFields,
  rootCauseAction,
  rootCauseError,
  useFocusFirstControl,
  type FinishFormProps,
} from './finish-fields';

/** Ending a loop: how it ends, why (the rep's words, required), and optionally its root cause. */
export function CloseLoopForm({ idBase, busy, send, onCancel }: FinishFormProps) {
  const formRef = useFocusFirstControl();
  const [closeAs, setCloseAs] = useState<TerminalState | null>(null);
  const [reason, setReason] = useState('');
  const [category, setCategory] = useState('');
  const [causeNote, setCauseNote] = useState('');
  const [errors, setErrors] = useState<{ state?: string | undefined; reason?: string | undefined; cause?: string | undefined }>({});

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    const found = {
      state: closeAs ? undefined : 'Choose how the loop ends.',
      reason: reason.trim() ? undefined : 'Say why the loop ends.',
      cause: rootCauseError(category, causeNote, false),
    };
    setErrors(found);
    if (found.state || found.reason || found.cause) {
      const first = found.state ? 'input[type=radio]' : found.reason ? 'textarea' : 'input[type=text]';
      e.currentTarget.querySelector<HTMLElement>(first)?.focus();
      return;
    }
    const rootCause = rootCauseAction(category, causeNote);
    const actions: LoopAction[] = [...(rootCause ? [rootCause] : []), { kind: 'close', state: closeAs!, reason: reason.trim() }];
    send(actions, `Loop closed as ${CLOSE_LABEL[closeAs!].toLowerCase()}.`);
  };

  return (
    <form ref={formRef} id={`${idBase}-close`} className="finish__form" onSubmit={submit} noValidate aria-label="Close the loop">
      <Choice
        name={`${idBase}-state`}
        legend="Close as"
        options={CLOSE_STATES}
        labels={CLOSE_LABEL}
        value={closeAs}
        onPick={setCloseAs}
        errorId={errors.state ? `${idBase}-state-error` : undefined}
      />
      <FieldError id={`${idBase}-state-error`} text={errors.state ?? null} />
      <ReasonField idBase={idBase} label="Reason for closing" value={reason} onChange={setReason} error={errors.reason ?? null} />
      <RootCauseFields
        idBase={idBase}
        category={category}
        note={causeNote}
        onCategory={setCategory}
        onNote={setCauseNote}
        error={errors.cause ?? null}
        optional
      />
      <FormButtons submitLabel="Close loop" busy={busy} onCancel={onCancel} />
    </form>
  );
}
