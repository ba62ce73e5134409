import type { Escalation, LoopState, Script } from '@/lib/loop';
import { callScript, emailTemplate } from '@/lib/loop';
import { ESCALATION_LEVEL_LABEL } from '@/lib/labels';

/** Who has to hear about this loop, with the evidence quoted (as text). */
export function Escalations({ escalations }: { escalations: readonly Escalation[] }) {
  if (escalations.length === 0) return null;
  return (
    <section aria-labelledby="esc-heading" className="escalations" data-testid="escalations">
      <h2 id="esc-heading" className="section-title">
        Escalation
      </h2>
      <ul>
        {escalations.map((e) => (
          <li key={`${e.kind}-${e.level}-${e.at}`}>
            <strong>▲ {ESCALATION_LEVEL_LABEL[e.level]}</strong>: {e.reason}
            {e.evidence && (e.kind === 'churn_intent' || e.kind === 'recorded') ? <q className="evidence">{e.evidence}</q> : null}
            {e.evidence && e.kind !== 'churn_intent' && e.kind !== 'recorded' ? <span className="evidence">{e.evidence}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ScriptLines({ script }: { script: Script }) {
  return (
    <ol className="script">
      {script.lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ol>
  );
}

/** The call script and the e-mail for this route, with the customer's words: plain text only. */
export function Guidance({ loop }: { loop: LoopState }) {
  const script = callScript(loop);
  const mail = emailTemplate(loop);
  const emailFirst = loop.route === 'recovery' && !loop.response.comment.trim();
  return (
    <section aria-labelledby="guide-heading" className="guidance">
      <h2 id="guide-heading" className="section-title">
        What to say
      </h2>
      {loop.complaint.queue ? (
        <p className="muted" data-testid="complaint">
          {loop.complaint.type === 'product' ? 'Product' : 'Service'} complaint · queue: {loop.complaint.queue}
        </p>
      ) : null}
      <details open={!emailFirst} data-testid="call-script">
        <summary>{script.title}</summary>
        <ScriptLines script={script} />
      </details>
      <details open={emailFirst} data-testid="email-template">
        <summary>E-mail: {mail.subject}</summary>
        <pre className="email-body">{mail.body}</pre>
      </details>
    </section>
  );
}
