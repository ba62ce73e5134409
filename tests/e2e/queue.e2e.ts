import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchWithExtension, openOptions, sidebarFrame, uploadResponses } from './harness';
import { startFakeCrm, type FakeCrm } from '../fake-crm/server';

type Launched = Awaited<ReturnType<typeof launchWithExtension>>;

const HS = 'https://app.hubspot.com/contacts/24681357/record';
const MIA = 'mia.manager@loopside.example';
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Mia manages Alex and Sam; Olga reports to nobody here. Line 5 is broken (no e-mail). */
const directoryCsv = [
  'Email,Name,Manager,Role,Time zone,Working hours',
  `${MIA},Mia Manager,,Manager,Europe/Berlin,09:00-17:00`,
  'alex.rep@loopside.example,Alex Rep,mia.manager@loopside.example,rep,Europe/Berlin,09:00-17:00',
  'sam.rep@loopside.example,Sam Rep,mia.manager@loopside.example,rep,America/New_York,08:00-16:00',
  'not-an-address,Broken Row,,rep,Europe/Berlin,09:00-17:00',
  'olga.other@loopside.example,Olga Other,,rep,Europe/Berlin,09:00-17:00',
  '',
].join('\n');

/** One loop per case the queue must place: mine, my team's, someone else's, unknown owner, no owner. */
function responsesCsv(now: number): string {
  return [
    'email,score,comment,date,name,company,owner,hubspot id',
    `old.breach@customer.example,1,Still waiting for the refund.,${iso(now - 10 * 24 * HOUR)},Otto Breach,Oldco,alex.rep@loopside.example,`,
    `maria.keller@nordwind.example,2,"If this isn't fixed by Friday we are switching to another vendor.",${iso(now - HOUR)},Maria Keller,Nordwind GmbH,alex.rep@loopside.example,51`,
    `pia.promoter@customer.example,10,Great team!,${iso(now - HOUR)},Pia Promoter,Happyco,sam.rep@loopside.example,`,
    `paul.passive@customer.example,8,Fine overall.,${iso(now - 2 * HOUR)},Paul Passive,Midco,${MIA},`,
    `gina.ghost@customer.example,5,Onboarding was slow.,${iso(now - 3 * HOUR)},Gina Ghost,Ghostco,ghost@elsewhere.example,`,
    `nora.noowner@customer.example,6,Too many clicks.,${iso(now - 5 * HOUR)},Nora Noowner,Nowhere Inc,,`,
    `olaf.other@customer.example,7,OK I guess.,${iso(now - 4 * HOUR)},Olaf Other,Otherco,olga.other@loopside.example,`,
    '',
  ].join('\n');
}

const HOSTILE_NAME = '<b>Bold</b><img src=x onerror=alert(1)>';
const hostileCsv = (now: number) =>
  ['email,score,comment,date,name', `h@customer.example,4,<script>alert(1)</script>,${iso(now - HOUR)},"${HOSTILE_NAME}"`, ''].join('\n');

async function openPopup(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 380, height: 900 });
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  await page.getByRole('heading', { name: 'Follow-up queue' }).waitFor();
  return page;
}

const names = async (popup: Page) =>
  (await popup.getByTestId('queue-item').locator('.row__name').allTextContents()).map((n) => n.split(' · ')[0]!.trim());

/** Record links the background stored with the tab that showed them, read from the store in an extension page. */
function recordLinkTabs(page: Page, urlPart: string): Promise<number> {
  return page.evaluate(
    (part) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('loopside');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('recordLinks').objectStore('recordLinks').getAll();
          all.onsuccess = () => {
            open.result.close();
            resolve((all.result as { url: string; tabId?: number }[]).filter((l) => l.url.includes(part) && l.tabId !== undefined).length);
          };
          all.onerror = () => reject(all.error);
        };
      }),
    urlPart,
  );
}

async function selectTab(popup: Page, name: RegExp) {
  await popup.getByRole('tab', { name }).click();
  await expect.poll(() => popup.getByRole('tab', { name }).getAttribute('aria-selected')).toBe('true');
}

describe('options: who am I and the team directory', () => {
  let app: Launched;
  let options: Page;
  beforeAll(async () => {
    app = await launchWithExtension();
    options = await openOptions(app.context, app.extensionId);
  });
  afterAll(async () => app?.close());

  it('a bad e-mail is refused next to its field; a good one saves with role and time zone', async () => {
    const email = options.getByLabel('My e-mail');
    await email.fill('mia@');
    await options.getByRole('button', { name: 'Save settings' }).click();
    await options.getByText('Not saved: fix the fields marked above.').waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
    expect(errorId).toBeTruthy();
    expect(await options.locator(`[id="${errorId}"]`).textContent()).toMatch(/^My e-mail|e-mail|email/i);

    await email.fill('Mia.Manager@loopside.example');
    await options.getByLabel('My role').selectOption({ label: 'Manager' });
    await options.getByLabel(/Business time zone/).fill('Europe/Berlin');
    await options.getByLabel(/Sync URL/).fill('http://example.com/events');
    await options.getByRole('button', { name: 'Save settings' }).click();
    await options.getByText(/Sync URL must be https/).waitFor();
    await options.getByLabel(/Sync URL/).fill('');
    await options.getByRole('button', { name: 'Save settings' }).click();
    await options.getByText('Saved.').waitFor();
    expect(await email.getAttribute('aria-invalid')).toBeNull();

    await options.reload();
    await expect.poll(() => options.getByLabel('My e-mail').inputValue()).toBe(MIA);
    expect(await options.getByLabel('My role').inputValue()).toBe('manager');
  });

  it('imports a directory CSV, keeps the good rows and reports the bad one by line', async () => {
    await options
      .getByLabel('Import team directory (CSV)')
      .setInputFiles({ name: 'team.csv', mimeType: 'text/csv', buffer: Buffer.from(directoryCsv) });
    await options.getByTestId('people-import-summary').waitFor();
    expect(await options.getByTestId('people-import-summary').textContent()).toBe('4 added · 0 updated · 1 row rejected');
    const errors = await options.getByTestId('people-import-errors').locator('li').allTextContents();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Line 5: .*not-an-address/);
    const rows = options.getByTestId('people-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await options.getByTestId('people-table').textContent()).toContain('Sam Rep');
  });

  it('pasting the same directory again updates instead of adding', async () => {
    await options.getByLabel('Or paste the directory CSV').fill(directoryCsv);
    await options.getByRole('button', { name: 'Import pasted CSV' }).click();
    await expect.poll(() => options.getByTestId('people-import-summary').textContent()).toBe('0 added · 4 updated · 1 row rejected');
  });

  it('adds, edits and removes a person in the table', async () => {
    await options.getByRole('button', { name: 'Add a person' }).click();
    await options.getByLabel('E-mail', { exact: true }).fill('new.rep@loopside.example');
    await options.getByLabel('Name', { exact: true }).fill('New Rep');
    await options.getByLabel(/Manager’s e-mail/).fill('new.rep@loopside.example');
    await options.getByRole('button', { name: 'Add person' }).click();
    // The schema refuses a person who manages themself, next to the manager field.
    await options.getByText('A person cannot be their own manager.').waitFor();
    await options.getByLabel(/Manager’s e-mail/).fill(MIA);
    await options.getByLabel('Sat').check();
    await options.getByRole('button', { name: 'Add person' }).click();
    await options.getByText('Saved New Rep.').waitFor();
    const row = options.getByTestId('people-table').locator('tbody tr', { hasText: 'new.rep@loopside.example' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Mia Manager');
    expect(await row.textContent()).toContain('Mon–Sat 09:00–17:00');

    await options.getByRole('button', { name: 'Edit New Rep' }).click();
    await options.getByLabel('Name', { exact: true }).fill('Newly Renamed');
    await options.getByLabel('Work end').fill('18:30');
    await options.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => row.textContent()).toContain('Newly Renamed');
    expect(await row.textContent()).toContain('Mon–Sat 09:00–18:30');

    await options.getByRole('button', { name: 'Remove Newly Renamed' }).click();
    await options.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => row.count()).toBe(0);
    await options.getByText('Removed new.rep@loopside.example from the directory.').waitFor();
  });

  it('shows the outbox and an empty dead-letter list in local mode', async () => {
    expect(await options.getByTestId('sync-mode').textContent()).toContain('Local mode');
    expect(await options.getByTestId('outbox-count').textContent()).toMatch(/^\d+ events? waits? in the outbox\.$/);
    await options.getByText('None: everything sent so far was accepted.').waitFor();
  });
});

describe('the popup queue for a manager', () => {
  let app: Launched;
  beforeAll(async () => {
    app = await launchWithExtension();
    const options = await openOptions(app.context, app.extensionId);
    await options.getByLabel('My e-mail').fill(MIA);
    await options.getByLabel('My role').selectOption('manager');
    await options.getByLabel(/Business time zone/).fill('Europe/Berlin');
    await options.getByRole('button', { name: 'Save settings' }).click();
    await options.getByText('Saved.').waitFor();
    await options
      .getByLabel('Import team directory (CSV)')
      .setInputFiles({ name: 'team.csv', mimeType: 'text/csv', buffer: Buffer.from(directoryCsv) });
    await options.getByTestId('people-import-summary').waitFor();
    await uploadResponses(options, responsesCsv(Date.now()), /7 loops created/);
    await options.close();
  });
  afterAll(async () => app?.close());

  it('lists the team soonest due first, most overdue on top, with a ticking countdown and the state in words', async () => {
    const popup = await openPopup(app.context, app.extensionId);
    expect(await popup.getByTestId('queue-identity').textContent()).toBe('Mia Manager · Manager');
    await selectTab(popup, /^Team/);
    await expect.poll(() => names(popup)).toHaveLength(4);
    expect((await names(popup)).sort()).toEqual(['Maria Keller', 'Otto Breach', 'Paul Passive', 'Pia Promoter']);
    const due = await popup.getByTestId('queue-item').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-due-at'))));
    expect(due).toEqual([...due].sort((a, b) => a - b));
    const first = popup.getByTestId('queue-item').first();
    expect(await first.locator('.row__name').textContent()).toContain('Otto Breach');
    expect(await first.getByTestId('queue-sla').textContent()).toContain('Breached');
    expect(await first.getByTestId('queue-countdown').textContent()).toMatch(/overdue$/);
    expect(await first.getByTestId('queue-owner').textContent()).toBe('Owner: Alex Rep');
    expect(await first.getByTestId('queue-route').textContent()).toBe('Recovery, critical');
    const maria = popup.getByTestId('queue-item').filter({ hasText: 'Maria Keller' });
    const before = await maria.getByTestId('queue-countdown').textContent();
    expect(before).toMatch(/left$/);
    await expect.poll(() => maria.getByTestId('queue-countdown').textContent(), { timeout: 60_000 }).not.toBe(before);
    await popup.close();
  });

  it('filters mine, escalated and unassigned, from the keyboard', async () => {
    const popup = await openPopup(app.context, app.extensionId);
    await popup.getByRole('tab', { name: /^Team/ }).click();
    await popup.getByRole('tab', { name: /^Team/ }).focus();
    await popup.keyboard.press('ArrowLeft');
    await expect.poll(() => popup.getByRole('tab', { name: /^Mine/ }).getAttribute('aria-selected')).toBe('true');
    expect(await popup.getByRole('tab', { name: /^Mine/ }).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await names(popup)).toEqual(['Paul Passive']);

    await popup.keyboard.press('End');
    await expect.poll(() => popup.getByRole('tab', { name: /^Unassigned/ }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(async () => (await names(popup)).sort()).toEqual(['Gina Ghost', 'Nora Noowner']);
    const ghost = popup.getByTestId('queue-item').filter({ hasText: 'Gina Ghost' });
    expect(await ghost.getByTestId('queue-owner').textContent()).toBe(
      'Unassigned (owner ghost@elsewhere.example is not in the team directory)',
    );

    await popup.keyboard.press('ArrowLeft');
    await expect.poll(() => popup.getByRole('tab', { name: /^Escalated/ }).getAttribute('aria-selected')).toBe('true');
    const escalated = await names(popup);
    expect(escalated).toContain('Otto Breach');
    expect(escalated).toContain('Maria Keller');
    expect(
      await popup.getByTestId('queue-item').filter({ hasText: 'Maria Keller' }).getByTestId('queue-escalation').textContent(),
    ).toContain('Escalated to CX lead');
    // Olga is not in Mia's team: her loop is nowhere in Mia's queue.
    for (const tab of [/^Mine/, /^Team/, /^Escalated/, /^Unassigned/]) {
      await selectTab(popup, tab);
      expect(await names(popup)).not.toContain('Olaf Other');
    }
    await popup.close();
  });

  it('a manager assigns an unassigned loop to someone in the directory', async () => {
    const popup = await openPopup(app.context, app.extensionId);
    await selectTab(popup, /^Unassigned/);
    const gina = popup.getByTestId('queue-item').filter({ hasText: 'Gina Ghost' });
    await gina.getByLabel('Assign to').selectOption({ label: 'Sam Rep (sam.rep@loopside.example)' });
    await gina.getByRole('button', { name: 'Assign', exact: true }).click();
    await popup.getByText('Assigned to Sam Rep.').waitFor();
    await expect.poll(() => names(popup)).toEqual(['Nora Noowner']);
    expect(await popup.getByRole('tab', { name: /^Unassigned/ }).textContent()).toBe('Unassigned (1)');
    await selectTab(popup, /^Team/);
    const moved = popup.getByTestId('queue-item').filter({ hasText: 'Gina Ghost' });
    expect(await moved.getByTestId('queue-owner').textContent()).toBe('Owner: Sam Rep');
    await popup.close();
  });

  it('the chosen filter is still chosen when the popup opens again', async () => {
    const popup = await openPopup(app.context, app.extensionId);
    expect(await popup.getByRole('tab', { name: /^Team/ }).getAttribute('aria-selected')).toBe('true');
    await popup.close();
  });

  it('Enter on a loop opens its CRM record in a tab, and the second time brings that same tab back', async () => {
    // Loopside opens records it has seen: visit Maria's once, as a rep would have.
    const seen = await app.context.newPage();
    await seen.goto(`${HS}/0-1/51`);
    const frame = await sidebarFrame(seen);
    await frame.getByTestId('score').waitFor();
    await seen.close();

    const popup = await openPopup(app.context, app.extensionId);
    await selectTab(popup, /^Team/);
    const maria = popup.getByRole('button', { name: /^Maria Keller/ });
    await maria.focus();
    const opened = app.context.waitForEvent('page', { timeout: 60_000 });
    await popup.keyboard.press('Enter');
    const record = await opened;
    await record.waitForURL(`${HS}/0-1/51`);
    await sidebarFrame(record);
    // The record tab's sidebar reports itself (the record link with its tab); wait for that before asking again.
    await expect.poll(() => recordLinkTabs(popup, '/0-1/51'), { timeout: 60_000 }).toBeGreaterThan(0);

    const recordTabs = () => app.context.pages().filter((p) => p.url().startsWith(`${HS}/0-1/51`)).length;
    expect(recordTabs()).toBe(1);
    await popup.getByText('Opened the record in a new tab.').waitFor();
    await popup.bringToFront();
    await maria.click();
    await popup.getByText('Switched to the tab that already shows this record.').waitFor({ timeout: 60_000 });
    expect(recordTabs()).toBe(1);
    expect(await popup.locator('.popup__alert').textContent()).toBe('');
    await popup.close();
    await record.close();
  });

  it('a loop whose record was never seen says how to make it reachable', async () => {
    const popup = await openPopup(app.context, app.extensionId);
    await selectTab(popup, /^Mine/);
    const before = app.context.pages().length;
    await popup.getByRole('button', { name: /^Paul Passive/ }).click();
    await popup.getByText('Loopside has not seen this contact’s CRM record yet').waitFor();
    expect(await popup.locator('.popup__status').textContent()).toContain('search for paul.passive@customer.example');
    // Whatever the background opened instead of the record is not the test's to keep.
    for (const page of app.context.pages().slice(before)) await page.close();
    await popup.close();
  });
});

describe('options: events the sync target refused', () => {
  let app: Launched;
  let crm: FakeCrm;
  beforeAll(async () => {
    crm = await startFakeCrm();
    app = await launchWithExtension();
    const options = await openOptions(app.context, app.extensionId);
    await options.getByLabel('My e-mail').fill(MIA);
    await options.getByLabel('My role').selectOption('manager');
    await options.getByLabel(/Sync URL/).fill(crm.url);
    await options.getByRole('button', { name: 'Save settings' }).click();
    await options.getByText('Saved.').waitFor();
    await options
      .getByLabel('Import team directory (CSV)')
      .setInputFiles({ name: 'team.csv', mimeType: 'text/csv', buffer: Buffer.from(directoryCsv) });
    await options.getByTestId('people-import-summary').waitFor();
    await uploadResponses(options, responsesCsv(Date.now()), /7 loops created/);
    await options.close();
  });
  afterAll(async () => {
    await app?.close();
    await crm?.close();
  });

  it('lists a refused event with its error and attempts, and Retry sends it again', async () => {
    // In team mode the import's 7 loops (received + routed each) and their tasks go out first.
    await expect.poll(() => crm.events().length, { timeout: 60_000 }).toBe(14);
    await expect.poll(() => crm.loops().size, { timeout: 60_000 }).toBe(7);
    crm.failNext(1, { kind: 'status', status: 422 }, 'push');
    const popup = await openPopup(app.context, app.extensionId);
    await selectTab(popup, /^Unassigned/);
    const gina = popup.getByTestId('queue-item').filter({ hasText: 'Gina Ghost' });
    await gina.getByLabel('Assign to').selectOption({ label: 'Alex Rep (alex.rep@loopside.example)' });
    await gina.getByRole('button', { name: 'Assign', exact: true }).click();
    await popup.getByText('Assigned to Alex Rep.').waitFor();
    await popup.close();

    const options = await openOptions(app.context, app.extensionId);
    await expect.poll(() => options.getByTestId('sync-mode').textContent()).toContain(crm.url);
    const letters = options.getByTestId('dead-letters').locator('tbody tr');
    await letters.first().waitFor({ timeout: 60_000 });
    expect(await letters.count()).toBe(1);
    const row = await letters.first().locator('th, td').allTextContents();
    expect(row[0]).toMatch(/^Reassigned/);
    expect(row[1]).toBe('Gina Ghost');
    expect(row[2]).toMatch(/^HTTP 422/);
    expect(row[3]).toBe('1');
    const eventId = (await letters.first().locator('th code').textContent())!.trim();
    expect(crm.stored(eventId)).toBe(0);

    await options.getByRole('button', { name: `Retry ${eventId}` }).click();
    await options.getByText('1 event back in the outbox.').waitFor();
    await expect.poll(() => letters.count(), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => crm.stored(eventId), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => options.getByTestId('outbox-count').textContent(), { timeout: 60_000 }).toBe('0 events wait in the outbox.');
    await options.close();
  });
});

describe('the popup queue in one-person mode', () => {
  let app: Launched;
  beforeAll(async () => {
    app = await launchWithExtension();
    const options = await openOptions(app.context, app.extensionId);
    await uploadResponses(options, responsesCsv(Date.now()), /7 loops created/);
    await uploadResponses(options, hostileCsv(Date.now()), /1 loop created/, 'h.csv');
    await options.close();
  });
  afterAll(async () => app?.close());

  it('every open loop is mine, there is no team or unassigned tab, and nothing is rendered as HTML', async () => {
    const popup = await openPopup(app.context, app.extensionId);
    expect(await popup.getByTestId('queue-identity').textContent()).toBe('One-person mode: every loop is yours');
    await expect.poll(() => names(popup)).toHaveLength(8);
    expect(await popup.getByRole('tab').allTextContents()).toEqual([
      expect.stringMatching(/^Mine \(8\)/),
      expect.stringMatching(/^Escalated/),
    ]);
    expect((await names(popup))[0]).toBe('Otto Breach');
    expect(await names(popup)).toContain(HOSTILE_NAME);
    expect(await popup.locator('img, b').count()).toBe(0);
    await popup.close();
  });
});
