import type { ReactNode } from 'react';

/** The "Team mode" section: each CRM's connect form inside (HubSpot here; Salesforce mounts its own). */
export function TeamModePanel({ children }: { children: ReactNode }) {
  return (
    <section id="team-mode" aria-labelledby="team-mode-title" className="panel">
      <h2 id="team-mode-title">Team mode</h2>
      <p className="hint">
        Connect your CRM and the team shares one loop state: survey answers arrive by themselves, every follow-up is logged in the CRM, and
        nobody is alerted about a loop a teammate already handled. Local mode stays the default.
      </p>
      {children}
    </section>
  );
}
