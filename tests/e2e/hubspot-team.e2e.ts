/**
 * Two browsers, one portal: a rep and a manager, each with the built extension and its own profile,
 * connected to the same fake HubSpot (tests/fake-hubspot, served at api.hubapi.com through the
 * replicas' host mapping). No CSV: a feedback submission in HubSpot becomes the loop in both, the
 * loop is one task in HubSpot, the rep's call is one call engagement, and the manager sees it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import { REQUIRED_SCOPES } from '../../lib/crm/hubspot/api/constants';
import { startReplicaServer, type ReplicaServer } from '../replicas/server';
import { FakeHubSpotPortal } from '../fake-hubspot/portal';
import { askExtension, launchWithExtension, openOptions, sidebarFrame } from './harness';
import { expectNoBreachAlertDaysLater, waitForScoreSyncing } from './team-wait';

type Launched = Awaited<ReturnType<typeof launchWithExtension>>;
declare const chrome: {
  alarms: { create(name: string, info: { when: number }): Promise<void> };
};

const TOKEN = 'pat-eu1-0f3c2a9e-team-e2e';
const REP = 'rita.rep@loopside.example';
const MANAGER = 'max.manager@loopside.example';
const RECORD = 'https://app.hubspot.com/contacts/24681357/record/0-1/51';
const DIRECTORY = [
  'email,name,manager,role,time zone,working hours',
  `${REP},Rita Rep,${MANAGER},rep,UTC,00:00-23:59`,
  `${MANAGER},Max Manager,,manager,UTC,00:00-23:59`,
  '',
].join('\n');

describe('team mode on HubSpot: two browsers, one portal', () => {
  let portal: FakeHubSpotPortal;
  let server: ReplicaServer;
  let rep: Launched;
  let manager: Launched;
  let repOwner: string;
  let submissionAt: number;

  /** one pull tick now, as the minute alarm would */
  const pullNow = async (app: Launched) =>
    (await app.worker()).evaluate(() => chrome.alarms.create('sync-pull', { when: Date.now() + 50 }));

  async function connect(app: Launched, me: string, role: 'rep' | 'manager') {
    const options = await openOptions(app.context, app.extensionId);
    await askExtension(options, {
      type: 'settings/save',
      settings: { timeZone: 'UTC', myEmail: me, role, quietHours: { enabled: false, exceptCritical: true } },
    });
    await askExtension(options, { type: 'people/import', text: DIRECTORY });
    await options.getByLabel('Access token').fill(TOKEN);
    await options.getByRole('button', { name: 'Connect', exact: true }).click();
    await options.getByText(/This token belongs to portal 24681357/).waitFor({ timeout: 20_000 });
    await options.close();
  }

  async function recordSidebar(app: Launched): Promise<Frame> {
    const page = await app.context.newPage();
    await page.goto(RECORD);
    return sidebarFrame(page, 20_000);
  }

  beforeAll(async () => {
    portal = new FakeHubSpotPortal({ searchLagMs: 1_500 });
    portal.addToken(
      TOKEN,
      REQUIRED_SCOPES.map((s) => s.scope),
    );
    repOwner = portal.addOwner(REP, 'Rita', 'Rep');
    portal.addOwner(MANAGER, 'Max', 'Manager');
    const company = portal.seed('companies', { name: 'Nordwind GmbH', annualrevenue: '4200000' });
    portal.seed(
      'contacts',
      {
        email: 'maria.keller@nordwind.example',
        firstname: 'Maria',
        lastname: 'Keller',
        hubspot_owner_id: repOwner,
        associatedcompanyid: company.id,
      },
      Date.now(),
      '51',
    );
    server = await startReplicaServer(0, { hubspot: (request) => portal.fetch(request) });
    rep = await launchWithExtension({ server });
    manager = await launchWithExtension({ server });
    await connect(rep, REP, 'rep');
    await connect(manager, MANAGER, 'manager');
  }, 120_000);
  afterAll(async () => {
    await rep?.close();
    await manager?.close();
    await server?.close();
  });

  it('a feedback submission appears: both browsers show the loop, and HubSpot holds its task with owner and due date', async () => {
    submissionAt = Date.now() - 60_000;
    const fs = portal.seed('feedback_submissions', {
      hs_value: '2',
      hs_content: 'Invoices are wrong for the third month.',
      hs_submission_timestamp: new Date(submissionAt).toISOString(),
      hs_survey_type: 'NPS',
      hs_response_group: 'DETRACTOR',
    });
    portal.associate('feedback_submissions', fs.id, 'contacts', '51');
    for (const app of [rep, manager]) await waitForScoreSyncing(await recordSidebar(app), () => pullNow(app), '2 / 10', 60_000);
    await expect.poll(() => portal.all('tasks').length, { timeout: 30_000 }).toBe(1);
    const [task] = portal.all('tasks');
    expect(task!.properties.hubspot_owner_id).toBe(repOwner);
    expect(Date.parse(task!.properties.hs_timestamp!)).toBeGreaterThan(submissionAt);
    expect(task!.properties.hs_task_subject).toMatch(/^NPS 2 · recovery/);
    expect(portal.associated('tasks', task!.id, 'contacts')).toEqual(['51']);
  }, 150_000);

  it('the rep logs a call in three clicks: exactly one call engagement on the contact; the manager sees it within one poll; no breach alert anywhere', async () => {
    const managerQueue = await manager.context.newPage();
    await managerQueue.goto(`chrome-extension://${manager.extensionId}/popup.html#team`);
    const row = managerQueue.getByTestId('queue-item').first();
    await row.waitFor({ timeout: 20_000 });
    const dueBefore = await row.getAttribute('data-due-at');

    const frame = await recordSidebar(rep);
    await frame.getByRole('radio', { name: 'Call', exact: true }).click();
    await frame.getByRole('radio', { name: 'Reached', exact: true }).click();
    await frame.getByRole('button', { name: 'Log outcome' }).click();
    await expect.poll(() => portal.all('calls').length, { timeout: 30_000 }).toBe(1);
    const [call] = portal.all('calls');
    expect(portal.associated('calls', call!.id, 'contacts')).toEqual(['51']);
    expect(call!.properties.hubspot_owner_id).toBe(repOwner);

    // One poll in the manager's browser, once HubSpot's search has caught up with the write.
    await new Promise((r) => setTimeout(r, portal.searchLagMs + 500));
    await pullNow(manager);
    const managerFrame = await recordSidebar(manager);
    await expect
      .poll(async () => (await managerFrame.getByTestId('timeline').textContent()) ?? '', { timeout: 30_000 })
      .toMatch(/Call · Reached/);
    await expect.poll(() => row.getAttribute('data-due-at'), { timeout: 30_000 }).not.toBe(dueBefore);

    // Far past the first-touch due time, neither browser alerts about a loop that was touched.
    await expectNoBreachAlertDaysLater([rep, manager]);
    // Pushing again (another tick) does not add a second call.
    await pullNow(rep);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(portal.all('calls')).toHaveLength(1);
  }, 150_000);
});
