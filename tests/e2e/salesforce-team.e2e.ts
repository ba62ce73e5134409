/**
 * Two browsers, one org: a rep and a manager, each with the built extension and its own profile,
 * signed in to the same fake Salesforce org (tests/fake-salesforce, served at its My Domain host
 * through the replicas' host mapping) and working in the Lightning replica. Team mode is turned on
 * in options with the user's own session (the `sid` cookie the org set at sign-in); no token is
 * pasted. A survey response in the org becomes the loop in both, the loop is one Task, the rep's
 * call is one completed call Task on the contact, and the manager sees it after one poll.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import { startReplicaServer, type ReplicaServer } from '../replicas/server';
import { addSurveyResponse, createFakeOrg, seedOrg, type FakeOrg } from '../fake-salesforce/org';
import { askExtension, launchWithExtension, openOptions, sidebarFrame, SLOW_MACHINE_MS } from './harness';
import { expectNoBreachAlertDaysLater, waitForScoreSyncing } from './team-wait';

type Launched = Awaited<ReturnType<typeof launchWithExtension>>;

const MY_DOMAIN = 'loopside-e2e.my.salesforce.com';
const ORIGIN = `https://${MY_DOMAIN}`;
/** Aiko Tanaka of Kumo KK, as the Lightning replica shows her (tests/replicas/public/records.js) */
const CONTACT = '003Dn00000QxYz1IAF';
const ACCOUNT = '001Dn00000AcMe1IAF';
const RECORD_PATH = `/lightning/r/Contact/${CONTACT}/view`;
const RECORD = `https://loopside-e2e.lightning.force.com${RECORD_PATH}`;
const REP = 'alex.rep@loopside.example';
const MANAGER = 'mia.manager@loopside.example';
const DIRECTORY = [
  'email,name,manager,role,time zone,working hours',
  `${REP},Alex Rep,${MANAGER},rep,UTC,00:00-23:59`,
  `${MANAGER},Mia Manager,,manager,UTC,00:00-23:59`,
  '',
].join('\n');

/** Waits for a condition outside a test body (expect.poll only runs inside one). */
async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('team mode on Salesforce: two browsers, one org', () => {
  let org: FakeOrg;
  let seed: ReturnType<typeof seedOrg>;
  let server: ReplicaServer;
  let rep: Launched;
  let manager: Launched;
  let respondedAt: number;

  const tasks = () => org.records('Task');
  const loopTasks = () => tasks().filter((t) => String(t.Loopside_Key__c).startsWith('l:'));
  const callTasks = () => tasks().filter((t) => t.TaskSubtype === 'Call');

  /** One poll now, as a person pressing "Sync now" in the popup does (the org's poll plan waits minutes otherwise). */
  async function pollNow(app: Launched) {
    const popup = await app.context.newPage();
    await popup.goto(`chrome-extension://${app.extensionId}/popup.html`);
    await askExtension(popup, { type: 'sync/now' });
    await popup.close();
  }

  /** Signs in to the org the way a session is bridged into a browser (frontdoor.jsp), landing on the contact in Lightning. */
  async function signIn(app: Launched, userId: string): Promise<Frame> {
    const sid = org.login(userId);
    const page = await app.context.newPage();
    await page.goto(`${ORIGIN}/secur/frontdoor.jsp?sid=${encodeURIComponent(sid)}&retURL=${encodeURIComponent(RECORD_PATH)}`);
    expect(page.url()).toBe(RECORD);
    const frame = await sidebarFrame(page);
    // The sidebar has reported the record (and so the org) once its slim "no feedback" tab shows.
    await frame.locator('[data-testid="tab"][aria-label*="no feedback"]').waitFor({ timeout: SLOW_MACHINE_MS });
    await page.close();
    return frame;
  }

  async function turnOn(app: Launched, me: string, role: 'rep' | 'manager') {
    const options = await openOptions(app.context, app.extensionId);
    await askExtension(options, {
      type: 'settings/save',
      settings: { timeZone: 'UTC', myEmail: me, role, quietHours: { enabled: false, exceptCritical: true } },
    });
    await askExtension(options, { type: 'people/import', text: DIRECTORY });
    await options.reload();
    // The org of the Lightning page the user was on is offered; turning on asks for `cookies` and the org's host.
    const org = options.getByTestId('salesforce-org');
    await until(async () => (await org.inputValue()) === ORIGIN, 30_000, `the org offered in options is ${ORIGIN}`);
    await options.getByTestId('salesforce-on').click();
    await options
      .getByTestId('salesforce-status')
      .getByText(`Team mode is on for ${ORIGIN}`, { exact: false })
      .waitFor({ timeout: 30_000 });
    // Responses come from Feedback Management (the default source).
    await options.getByRole('button', { name: 'Save source' }).click();
    await options.getByText('Saved: new responses will come in by themselves.').waitFor({ timeout: 30_000 });
    await options.close();
  }

  async function recordSidebar(app: Launched): Promise<Frame> {
    const page = await app.context.newPage();
    await page.goto(RECORD);
    return sidebarFrame(page);
  }

  beforeAll(async () => {
    org = createFakeOrg({ host: MY_DOMAIN, dailyLimit: 100_000 });
    seed = seedOrg(org);
    const account = org.insert('Account', { Id: ACCOUNT, Name: 'Kumo KK', AnnualRevenue: 12_000_000, OwnerId: seed.rep.Id });
    org.insert('Contact', {
      Id: CONTACT,
      Email: 'aiko.tanaka@kumo.example',
      Name: 'Aiko Tanaka',
      AccountId: account.Id,
      OwnerId: seed.rep.Id,
    });
    server = await startReplicaServer(0, { salesforce: (request) => org.handle(request) });
    [rep, manager] = await Promise.all([launchWithExtension({ server }), launchWithExtension({ server })]);
    // Each person signs in to the org (landing on the contact), then turns team mode on; both at once.
    await Promise.all([
      signIn(rep, seed.rep.Id).then(() => turnOn(rep, REP, 'rep')),
      signIn(manager, seed.manager.Id).then(() => turnOn(manager, MANAGER, 'manager')),
    ]);
  });
  afterAll(async () => {
    await rep?.close();
    await manager?.close();
    await server?.close();
  });

  it('the org set a session cookie the page cannot read and the REST API does not take on its own', async () => {
    const page = await rep.context.newPage();
    await page.goto(RECORD);
    expect(await page.evaluate(() => document.cookie)).not.toContain('sid=');
    const [cookie] = await rep.context.cookies(ORIGIN);
    expect(cookie).toMatchObject({ name: 'sid', domain: MY_DOMAIN, secure: true, httpOnly: true, sameSite: 'None' });
    // The cookie alone is no API session: only the Authorization header is.
    const bare = await org.handle(new Request(`${ORIGIN}/services/data/v67.0/sobjects`, { headers: { Cookie: `sid=${cookie!.value}` } }));
    expect(bare.status).toBe(401);
    await page.close();
  });

  it('a survey response appears in the org: both browsers show the loop, and the org holds its Task with owner and due date', async () => {
    respondedAt = Date.now();
    addSurveyResponse(org, seed, CONTACT, 2, 'Invoices are wrong for the third month.');
    const seesTheLoop = async (app: Launched) => waitForScoreSyncing(await recordSidebar(app), () => pollNow(app), '2 / 10', 90_000);
    await Promise.all([seesTheLoop(rep), seesTheLoop(manager)]);
    await expect.poll(() => loopTasks().length, { timeout: 30_000 }).toBe(1);
    const [task] = loopTasks();
    expect(task).toMatchObject({ OwnerId: seed.rep.Id, WhoId: CONTACT, WhatId: ACCOUNT, Status: 'Not Started', IsClosed: false });
    expect(String(task!.ActivityDate)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Date.parse(`${String(task!.ActivityDate)}T23:59:59Z`)).toBeGreaterThanOrEqual(respondedAt);
    expect(task!.IsReminderSet).toBe(true);
    expect(Date.parse(String(task!.ReminderDateTime))).toBeGreaterThan(respondedAt);
  });

  it('the rep logs a call in three clicks: exactly one completed call Task on the contact; the manager sees it after one poll; no breach alert anywhere', async () => {
    const managerQueue = await manager.context.newPage();
    await managerQueue.goto(`chrome-extension://${manager.extensionId}/popup.html#team`);
    const row = managerQueue.getByTestId('queue-item').first();
    await row.waitFor({ timeout: 30_000 });
    const dueBefore = await row.getAttribute('data-due-at');

    const frame = await recordSidebar(rep);
    await frame.getByRole('radio', { name: 'Call', exact: true }).click();
    await frame.getByRole('radio', { name: 'Reached', exact: true }).click();
    await frame.getByRole('button', { name: 'Log outcome' }).click();
    await expect.poll(() => callTasks().length, { timeout: 30_000 }).toBe(1);
    const [call] = callTasks();
    expect(call).toMatchObject({
      WhoId: CONTACT,
      WhatId: ACCOUNT,
      OwnerId: seed.rep.Id,
      TaskSubtype: 'Call',
      CallDisposition: 'Reached',
      Status: 'Erledigt',
      IsClosed: true,
    });

    // One poll in the manager's browser.
    await pollNow(manager);
    const managerFrame = await recordSidebar(manager);
    await expect
      .poll(async () => (await managerFrame.getByTestId('timeline').textContent()) ?? '', { timeout: 30_000 })
      .toMatch(/Call · Reached/);
    await expect.poll(() => row.getAttribute('data-due-at'), { timeout: 30_000 }).not.toBe(dueBefore);

    // Far past the first-touch due time, neither browser alerts about a loop that was touched.
    await expectNoBreachAlertDaysLater([rep, manager]);
    // Both browsers sync again: still one call Task, one loop Task.
    await pollNow(rep);
    await pollNow(manager);
    expect(callTasks()).toHaveLength(1);
    expect(loopTasks()).toHaveLength(1);
  });
});
