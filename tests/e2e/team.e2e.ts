/**
 * Team alerts in the built extension: a manager hears about a team member's breach, opens the
 * record from the notification, snoozes one; and a worker whose alarms were wiped gets them back
 * on restart without missing or repeating an alert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askExtension, launchWithExtension, openOptions, sidebarFrame } from './harness';
import { BREACH_DUE_AT, BREACH_RESPONSE_AT, breachCsv } from './fixtures';

type Launched = Awaited<ReturnType<typeof launchWithExtension>>;
declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; data?: unknown; error?: string }> };
  notifications: { getAll(): Promise<Record<string, boolean>>; clear(id: string): Promise<boolean> };
  alarms: { getAll(): Promise<{ name: string }[]>; clearAll(): Promise<boolean> };
  action: { getBadgeText(details: object): Promise<string> };
};
type TestHooks = {
  __loopsideTest: {
    scan(now?: number): Promise<void>;
    freezeClock(at: number | null): void;
    clickNotification(id: string, button?: number): void;
  };
};

const HS = 'https://app.hubspot.com/contacts/24681357/record';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MIA = 'mia.manager@loopside.example';

const DIRECTORY = [
  'email,name,manager,role,time zone,working hours',
  `alex.rep@loopside.example,Alex Rep,${MIA},rep,Europe/Berlin,09:00-17:00`,
  `${MIA},Mia Manager,,manager,Europe/Berlin,09:00-17:00`,
  'chris.cx@loopside.example,Chris Lead,,CX lead,Europe/Berlin,09:00-17:00',
  '',
].join('\n');

describe('a manager and a team member’s breach', () => {
  let app: Launched;
  const scanAt = async (t: number) =>
    (await app.worker()).evaluate((at) => (globalThis as unknown as TestHooks).__loopsideTest.scan(at), t);
  const click = async (id: string, button?: number) =>
    (await app.worker()).evaluate(([n, b]) => (globalThis as unknown as TestHooks).__loopsideTest.clickNotification(n, b ?? undefined), [
      id,
      button ?? null,
    ] as const);
  const shown = async () => (await app.worker()).evaluate(async () => Object.keys(await chrome.notifications.getAll()).sort());

  beforeAll(async () => {
    app = await launchWithExtension();
    await (
      await app.worker()
    ).evaluate((at) => (globalThis as unknown as TestHooks).__loopsideTest.freezeClock(at), BREACH_RESPONSE_AT + MINUTE);
    const options = await openOptions(app.context, app.extensionId);
    await askExtension(options, { type: 'settings/save', settings: { timeZone: 'Europe/Berlin', myEmail: MIA, role: 'manager' } });
    expect(await askExtension(options, { type: 'people/import', text: DIRECTORY })).toMatchObject({ added: 3, errors: [] });
    await askExtension(options, { type: 'import/csv', text: breachCsv() });
    await options.close();
    // Mia has used HubSpot before (another record), so Loopside knows her portal; she never opened Maria's.
    const other = await app.context.newPage();
    await other.goto(`${HS}/0-1/52`);
    // A record without feedback shows the slim tab, which says so (the sidebar has reported the record by then).
    await (await sidebarFrame(other)).locator('[data-testid="tab"][aria-label*="no feedback"]').waitFor({ timeout: 10_000 });
    await other.close();
  });
  afterAll(async () => app?.close());

  it('gets no near-breach warning for the rep’s loops, then one breach alert per loop', async () => {
    await scanAt(BREACH_DUE_AT - 50 * MINUTE);
    expect(await shown()).toEqual([]);
    for (const t of [BREACH_DUE_AT + MINUTE, BREACH_DUE_AT + 2 * MINUTE, BREACH_DUE_AT + 3 * MINUTE]) await scanAt(t);
    const ids = await shown();
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(new RegExp(`^alert\\|r_[0-9a-f]+\\|breached\\|${MIA.replace(/\./g, '\\.')}$`));
    // The badge counts my own loops; Mia owns none.
    expect(await (await app.worker()).evaluate(() => chrome.action.getBadgeText({}))).toBe('');
  });

  it('"Open record" opens the CRM record with the sidebar, though this browser never showed it', async () => {
    const ids = await shown();
    const opened = app.context.waitForEvent('page', { predicate: (p) => p.url().startsWith(`${HS}/0-1/`) });
    await click(ids[0]!, 0);
    const page = await opened;
    const frame = await sidebarFrame(page);
    await expect
      .poll(async () => (await frame.getByTestId('score').first().textContent())?.trim(), { timeout: 10_000 })
      .toMatch(/^[01] \/ 10$/);
    await expect.poll(shown).not.toContain(ids[0]);
    // A second "Open record" for the same loop focuses that tab instead of opening another.
    const pagesBefore = app.context.pages().length;
    await scanAt(BREACH_DUE_AT + 4 * MINUTE); // nothing new: the breach was shown once
    expect((await shown()).length).toBe(1);
    await (
      await openOptions(app.context, app.extensionId)
    ).evaluate((loopId) => chrome.runtime.sendMessage({ type: 'record/open', loopId }), ids[0]!.split('|')[1]!);
    expect(app.context.pages().length).toBe(pagesBefore + 1); // only the options page was added
  });

  it('"Snooze 1 h" brings the alert back once, an hour later; the SLA due time does not move', async () => {
    const [id] = await shown();
    // The snooze starts at the worker's "now": pin it to the moment of the click.
    await (
      await app.worker()
    ).evaluate((at) => (globalThis as unknown as TestHooks).__loopsideTest.freezeClock(at), BREACH_DUE_AT + 5 * MINUTE);
    await click(id!, 1);
    await expect.poll(shown).toEqual([]);
    await scanAt(BREACH_DUE_AT + 30 * MINUTE);
    expect(await shown()).toEqual([]);
    await scanAt(BREACH_DUE_AT + 6 * MINUTE + HOUR);
    expect(await shown()).toEqual([id]);
    await (await app.worker()).evaluate((n) => chrome.notifications.clear(n), id!);
    await scanAt(BREACH_DUE_AT + 3 * HOUR);
    expect(await shown()).toEqual([]);

    const loopId = id!.split('|')[1]!;
    const page = await app.context.newPage();
    await page.goto(`${HS}/0-1/53`); // Priya: one of the two loops
    const frame = await sidebarFrame(page);
    await frame.getByTestId('score').first().waitFor({ timeout: 10_000 });
    await expect
      .poll(async () => (await frame.getByTestId('sla-due').first().textContent()) ?? '')
      .toContain('Mon 16 Nov, 13:00 (Europe/Berlin)');
    expect(loopId).toMatch(/^r_/);
  });
});

describe('alarms wiped while the worker sleeps', () => {
  let app: Launched;
  const worker = () => app.worker();
  const shown = async () => (await worker()).evaluate(async () => Object.keys(await chrome.notifications.getAll()));
  const alarms = async () => (await worker()).evaluate(async () => (await chrome.alarms.getAll()).map((a) => a.name).sort());

  beforeAll(async () => {
    app = await launchWithExtension();
  });
  afterAll(async () => app?.close());

  it('come back on restart; the stage that fell due meanwhile fires once, and never again', async () => {
    const options = await openOptions(app.context, app.extensionId);
    // The 48-hour rule runs on the customer's clock, so the test does not depend on the hour CI runs at.
    await askExtension(options, {
      type: 'settings/save',
      settings: { timeZone: 'UTC', quietHours: { enabled: false, exceptCritical: true } },
    });
    await askExtension(options, { type: 'policy/save', preset: 'forty_eight_hour', holidayRegion: '', holidays: [] });
    const warnAt = Date.now() + 6000; // 75 % of 48 h gone six seconds from now
    const respondedAt = warnAt - 36 * HOUR;
    await askExtension(options, {
      type: 'import/csv',
      text: `email,score,comment,date,name\nnoor@atlas.example,5,Slow answers from support.,${new Date(respondedAt).toISOString()},Noor Haddad\n`,
    });
    await options.close();
    await expect.poll(alarms).toContain('sla-next-stage');
    expect(await shown()).toEqual([]);

    await (await worker()).evaluate(() => chrome.alarms.clearAll());
    expect(await alarms()).toEqual([]);
    await app.stopWorker();
    await new Promise((r) => setTimeout(r, Math.max(0, warnAt - Date.now()) + 1000));

    // Any extension event starts the worker again; its start-up reconcile restores the alarms and scans.
    await expect.poll(alarms, { timeout: 10_000 }).toEqual(['sla-next-stage', 'sla-scan']);
    await expect.poll(shown, { timeout: 10_000 }).toEqual([expect.stringMatching(/^alert\|r_[0-9a-f]+\|near_breach_1\|$/)]);

    const [id] = await shown();
    await (await worker()).evaluate((n) => chrome.notifications.clear(n), id!);
    for (let i = 0; i < 3; i++) await (await worker()).evaluate(() => (globalThis as unknown as TestHooks).__loopsideTest.scan());
    await app.stopWorker();
    await expect.poll(alarms, { timeout: 10_000 }).toEqual(['sla-next-stage', 'sla-scan']);
    expect(await shown()).toEqual([]);
  });
});

describe('five team loops breach at once (the laptop wakes)', () => {
  let app: Launched;
  afterAll(async () => app?.close());

  it('shows the three most urgent and one summary, which opens the queue', async () => {
    app = await launchWithExtension();
    const worker = await app.worker();
    await worker.evaluate((at) => (globalThis as unknown as TestHooks).__loopsideTest.freezeClock(at), BREACH_RESPONSE_AT + MINUTE);
    const options = await openOptions(app.context, app.extensionId);
    await askExtension(options, { type: 'settings/save', settings: { timeZone: 'Europe/Berlin', myEmail: MIA, role: 'manager' } });
    await askExtension(options, { type: 'people/import', text: DIRECTORY });
    const rows = ['email,score,comment,date,name,owner'];
    // Scores 0–4: 0–3 are critical, so the NPS 4 loop is the one left to the summary with another.
    for (let i = 0; i < 5; i++)
      rows.push(`c${i}@example.com,${i},Late again.,${new Date(BREACH_RESPONSE_AT).toISOString()},Customer ${i},alex.rep@loopside.example`);
    await askExtension(options, { type: 'import/csv', text: `${rows.join('\n')}\n` });
    await options.close();

    await worker.evaluate((at) => (globalThis as unknown as TestHooks).__loopsideTest.scan(at), BREACH_DUE_AT + 30 * MINUTE);
    const ids = await worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()));
    expect(ids.filter((id) => id.startsWith('alert|'))).toHaveLength(3);
    const summaries = ids.filter((id) => id.startsWith('summary|'));
    expect(summaries).toHaveLength(1);

    const queue = app.context.waitForEvent('page', { predicate: (p) => p.url().endsWith('/popup.html#team') });
    await worker.evaluate((id) => (globalThis as unknown as TestHooks).__loopsideTest.clickNotification(id), summaries[0]!);
    const page = await queue;
    await page.getByText('Customer 4').first().waitFor({ timeout: 10_000 });
    // Nothing more fires for the loops the summary covered.
    await worker.evaluate((at) => (globalThis as unknown as TestHooks).__loopsideTest.scan(at), BREACH_DUE_AT + 40 * MINUTE);
    expect(
      (await worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()))).filter((id) => id.startsWith('alert|')),
    ).toHaveLength(3);
  });
});
