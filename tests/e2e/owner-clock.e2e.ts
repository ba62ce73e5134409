import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, openOptions, uploadResponses } from './harness';

type Launched = Awaited<ReturnType<typeof launchWithExtension>>;

const MIA = 'mia.manager@loopside.example';

/** Two reps of Mia's on different clocks: Berta in Berlin 09–17, Nate in New York 08–16. */
const directoryCsv = [
  'Email,Name,Manager,Role,Time zone,Working hours',
  `${MIA},Mia Manager,,Manager,Europe/Berlin,09:00-17:00`,
  `berta.rep@loopside.example,Berta Rep,${MIA},rep,Europe/Berlin,09:00-17:00`,
  `nate.rep@loopside.example,Nate Rep,${MIA},rep,America/New_York,08:00-16:00`,
  '',
].join('\n');

/**
 * Both answered at the same moment, Monday 2 March 2026 13:00 UTC (14:00 in Berlin, 08:00 in New
 * York), with a passive-detractor score: one business day to the first touch, on each owner's hours.
 */
const responsesCsv = [
  'email,score,comment,date,name,company,owner',
  'bea.berlin@customer.example,5,Support was slow.,2026-03-02T13:00:00Z,Bea Berlin,Berlinco,berta.rep@loopside.example',
  'ned.newyork@customer.example,5,Support was slow.,2026-03-02T13:00:00Z,Ned Newyork,Yorkco,nate.rep@loopside.example',
  '',
].join('\n');

describe('each loop on its owner’s clock, labelled with the zone', () => {
  let app: Launched;
  let popup: Page;
  beforeAll(async () => {
    app = await launchWithExtension();
    const options = await openOptions(app.context, app.extensionId);
    await options.getByLabel('My e-mail').fill(MIA);
    await options.getByLabel('My role').selectOption('manager');
    // The business zone is neither owner's: if the importer's zone were used, both would be wrong.
    await options.getByLabel(/Business time zone/).fill('Asia/Tokyo');
    await options.getByRole('button', { name: 'Save settings' }).click();
    await options.getByText('Saved.').waitFor();
    await options
      .getByLabel('Import team directory (CSV)')
      .setInputFiles({ name: 'team.csv', mimeType: 'text/csv', buffer: Buffer.from(directoryCsv) });
    await options.getByTestId('people-import-summary').waitFor();
    await uploadResponses(options, responsesCsv, /2 loops created/);
    await options.close();
    popup = await app.context.newPage();
    await popup.goto(`chrome-extension://${app.extensionId}/popup.html`);
    await popup.getByRole('heading', { name: 'Follow-up queue' }).waitFor();
  });
  afterAll(async () => app?.close());

  it('shows each due time on its owner’s clock, with its date and zone', async () => {
    await popup.getByRole('tab', { name: /^Team/ }).click();
    const row = (name: string) => popup.getByTestId('queue-item').filter({ hasText: name });
    await row('Bea Berlin').waitFor({ timeout: 30_000 });
    await row('Ned Newyork').waitFor({ timeout: 30_000 });
    // Berlin 09–17: 3 h on Monday afternoon, 5 h on Tuesday morning.
    expect(await row('Bea Berlin').textContent()).toContain('due Tue 3 Mar, 14:00 Berlin time');
    // New York 08–16: the response came at opening time, the day is Monday's.
    expect(await row('Ned Newyork').textContent()).toContain('due Mon 2 Mar, 16:00 New York time');
  });
});
