interface Props {
  onDemo(): void;
  onImport(): void;
  onDismiss(): void;
  busy: boolean;
}

/**
 * First run: nothing imported yet. The two ways to start, at the top of the page, before the
 * settings a new user has no reason to touch yet.
 */
export function Welcome({ onDemo, onImport, onDismiss, busy }: Props) {
  return (
    <section className="panel welcome" aria-labelledby="welcome-h" data-testid="welcome">
      <h2 id="welcome-h">Welcome to Loopside</h2>
      <p>
        Loopside turns every NPS response into a follow-up with an owner and a deadline, shown on the customer’s HubSpot or Salesforce
        record. Start with the demo data to look around, or import your survey responses: exports from Qualtrics, SurveyMonkey, Typeform,
        HubSpot, Delighted and AskNicely import as they are.
      </p>
      <div className="row">
        <button type="button" className="button button--primary" onClick={onDemo} disabled={busy}>
          Load demo data
        </button>
        <button type="button" className="button" onClick={onImport} disabled={busy}>
          Import survey responses
        </button>
        <button type="button" className="button button--link" onClick={onDismiss}>
          Not now
        </button>
      </div>
    </section>
  );
}
