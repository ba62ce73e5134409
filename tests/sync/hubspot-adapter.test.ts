import { describe, expect, it } from 'vitest';
import type { LoopEvent } from '@/lib/loop';
import { toProjection } from '@/lib/sync/projection';
import { foldLoop, DEFAULT_POLICY } from '@/lib/loop';
import { type SyncError } from '@/lib/sync/errors';
import { ensureLoopsideProperties } from '@/lib/sync/hubspot/setup';
import { manualClock, T0, calendar, loopEvents } from './helpers';
import { member, seededPortal, TOKEN } from './hubspot-kit';

const touch = (id: string, loopId: string, at: number, channel: 'call' | 'email' = 'call'): LoopEvent => ({
  id,
  loopId,
  at,
  actor: 'rep@acme.example',
  type: 'touch_logged',
  channel,
  outcome: 'reached',
  note: 'Called, sorted the invoice',
});
const engagementsFor = (portal: ReturnType<typeof seededPortal>['portal'], object: 'calls' | 'notes' | 'emails', eventId: string) =>
  portal.all(object).filter((o) => o.properties.loopside_event_id === eventId);

describe('HubSpot adapter against the fake portal', () => {
  for (const unique of [true, false]) {
    const mode = unique ? 'upsert' : 'search';
    it(`${mode}: a touch becomes one call on the contact, and pushing it again stores nothing new`, async () => {
      const clock = manualClock();
      const { portal, contact, repOwner } = seededPortal({
        now: clock.now,
        uniqueAllowed: unique ? ['calls', 'notes', 'emails', 'meetings', 'tasks'] : [],
      });
      const rep = member(portal, { contactId: contact.id, owners: { 'rep@acme.example': repOwner } });
      const event = touch('evt-1', 'loop-1', T0);
      expect(await rep.adapter.pushEvents([event])).toEqual([{ eventId: 'evt-1', result: 'stored' }]);
      clock.advance(30_000);
      expect(await rep.adapter.pushEvents([event])).toEqual([{ eventId: 'evt-1', result: 'already_stored' }]);
      const calls = engagementsFor(portal, 'calls', 'evt-1');
      expect(calls).toHaveLength(1);
      expect(calls[0]!.properties.hubspot_owner_id).toBe(repOwner);
      expect(calls[0]!.properties.hs_call_body).toContain('Called, sorted the invoice');
      expect(portal.associated('calls', calls[0]!.id, 'contacts')).toEqual([contact.id]);
      expect(await ensureLoopsideProperties(rep.objects)).toBe(mode);
    });
  }

  it('search mode: a create whose answer was lost is not repeated while search lags; the copy is found afterwards', async () => {
    const clock = manualClock();
    const { portal, contact } = seededPortal({ now: clock.now, searchLagMs: 20_000 });
    const rep = member(portal, { contactId: contact.id, searchLagMs: 30_000 });
    let drop = true;
    portal.fault = ({ path }) => (drop && path.endsWith('/calls/batch/create') ? ((drop = false), 'drop_ack') : null);
    const event = touch('evt-lost', 'loop-1', T0);
    const [first] = await rep.adapter.pushEvents([event]);
    expect(first!.result).toMatchObject({ error: { kind: 'transient' } });
    clock.advance(5_000);
    const [second] = await rep.adapter.pushEvents([event]);
    expect(second!.result).toMatchObject({ error: { kind: 'transient' } });
    clock.advance(30_000);
    expect((await rep.adapter.pushEvents([event]))[0]!.result).toBe('already_stored');
    expect(engagementsFor(portal, 'calls', 'evt-lost')).toHaveLength(1);
  });

  it('429 holds the budget with Retry-After and 401 reads as auth, with HubSpot’s category in the message', async () => {
    const clock = manualClock();
    const { portal, contact } = seededPortal({
      now: clock.now,
      retryAfterSeconds: 7,
      uniqueAllowed: ['calls', 'notes', 'emails', 'meetings', 'tasks'],
    });
    const rep = member(portal, { contactId: contact.id, mode: 'upsert' });
    await ensureLoopsideProperties(rep.objects);
    portal.fault = () => '429';
    const [limited] = await rep.adapter.pushEvents([touch('e1', 'l1', T0)]);
    expect(limited!.result).toMatchObject({ error: { kind: 'rate_limited', retryAfterMs: 7_000 } });
    expect(rep.budget.take().ok).toBe(false);
    portal.fault = () => null;
    clock.advance(8_000);
    portal.revoke(TOKEN);
    const [revoked] = await rep.adapter.pushEvents([touch('e2', 'l1', T0)]);
    const error = (revoked!.result as { error: SyncError }).error;
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/INVALID_AUTHENTICATION/);
    expect(error.message).not.toContain(TOKEN);
  });

  it('the loop is one task: owner, due time, subject, priority; closing completes it; a reassign moves its owner', async () => {
    const clock = manualClock();
    const { portal, contact, repOwner, managerOwner } = seededPortal({ now: clock.now, searchLagMs: 10_000 });
    const rep = member(portal, { contactId: contact.id, owners: { 'rep@acme.example': repOwner, 'manager@acme.example': managerOwner } });
    const events = loopEvents('loop-7', T0).map((e) => (e.type === 'routed' ? { ...e, ownerEmail: 'rep@acme.example' } : e));
    const state = foldLoop(events, { policy: DEFAULT_POLICY, calendar, now: T0 });
    const projection = toProjection(state);
    expect(await rep.adapter.upsertLoop(projection)).toBe('created');
    expect(await rep.adapter.upsertLoop(projection)).toBe('updated');
    const [task, ...others] = portal.all('tasks');
    expect(others).toHaveLength(0);
    expect(task!.properties).toMatchObject({
      hubspot_owner_id: repOwner,
      hs_timestamp: new Date(projection.firstTouchDueAt).toISOString(),
      hs_task_status: 'NOT_STARTED',
    });
    expect(task!.properties.hs_task_subject).toMatch(/^NPS 2 · recovery(, critical)? · call first$/);
    expect(task!.properties.hs_task_priority).toBe(projection.critical ? 'HIGH' : 'MEDIUM');
    expect(task!.properties.hs_task_body).toContain('Broken');
    expect(portal.associated('tasks', task!.id, 'contacts')).toEqual([contact.id]);
    await rep.adapter.upsertLoop({ ...projection, ownerEmail: 'manager@acme.example', status: 'closed', terminalState: 'resolved' });
    expect(portal.all('tasks')).toHaveLength(1);
    expect(task!.properties).toMatchObject({ hubspot_owner_id: managerOwner, hs_task_status: 'COMPLETED' });
  });

  it('a teammate’s pull reads the events back, with a cursor that stays put when nothing new arrived', async () => {
    const clock = manualClock();
    const { portal, contact } = seededPortal({ now: clock.now, searchLagMs: 3_000 });
    const rep = member(portal, { contactId: contact.id });
    const manager = member(portal, { contactId: contact.id });
    const event = touch('evt-9', 'loop-9', T0);
    await rep.adapter.pushEvents([
      event,
      { id: 'evt-10', loopId: 'loop-9', at: T0, actor: 'rep@acme.example', type: 'reason_set', category: 'billing' },
    ]);
    clock.advance(1_000);
    const lagging = await manager.adapter.pull(null);
    expect(lagging.events).toHaveLength(0);
    clock.advance(5_000);
    const page = await manager.adapter.pull(lagging.cursor);
    expect(page.events.map((e) => e.id).sort()).toEqual(['evt-10', 'evt-9']);
    expect(page.events.find((e) => e.id === 'evt-9')).toEqual(event);
    clock.advance(1_000);
    const again = await manager.adapter.pull(page.cursor);
    expect(again.cursor).toBe(page.cursor);
  });

  it('in a large portal a member reads only its part of the team: a manager sees its rep’s call, not another team’s', async () => {
    const clock = manualClock();
    const { portal, contact } = seededPortal({ now: clock.now, searchLagMs: 3_000 });
    const owners = {
      'rep@acme.example': portal.addOwner('rep@acme.example', 'R', 'One'),
      'far@acme.example': portal.addOwner('far@acme.example', 'F', 'Far'),
    };
    const write = member(portal, { contactId: contact.id, owners });
    // 150 people in my scope: two filter groups of 100 and 50 owner ids, my rep among the last ones.
    const scope = [...Array.from({ length: 149 }, (_, i) => String(90_000 + i)), owners['rep@acme.example']];
    const manager = member(portal, { contactId: contact.id, pullScope: () => scope });
    const everyone = member(portal, { contactId: contact.id, pullScope: () => null });
    await write.adapter.pushEvents([touch('mine', 'loop-1', T0), { ...touch('theirs', 'loop-2', T0), actor: 'far@acme.example' }]);
    clock.advance(5_000);
    expect((await manager.adapter.pull(null)).events.map((e) => e.id)).toEqual(['mine']);
    clock.advance(1_000);
    expect((await everyone.adapter.pull(null)).events.map((e) => e.id).sort()).toEqual(['mine', 'theirs']);
  });

  it('a backlog takes another page only while the member’s cell has room; the rest comes on the next poll, nothing skipped', async () => {
    const clock = manualClock();
    const { portal, contact } = seededPortal({ now: clock.now, searchLagMs: 1_000 });
    const write = member(portal, { contactId: contact.id });
    const events = Array.from({ length: 250 }, (_, i) => touch(`b-${i}`, `loop-${i}`, T0 + i));
    for (let i = 0; i < events.length; i += 100) {
      await write.adapter.pushEvents(events.slice(i, i + 100));
      clock.advance(1);
    }
    clock.advance(5_000);
    let room = true;
    const reader = member(portal, { contactId: contact.id, readOn: () => room });
    const first = await reader.adapter.pull(null);
    expect(first).toMatchObject({ more: true });
    expect(first.events).toHaveLength(200);
    room = false;
    clock.advance(1_000);
    const held = await reader.adapter.pull(first.cursor);
    expect(held).toMatchObject({ events: [], more: false, cursor: first.cursor });
    room = true;
    const rest = await reader.adapter.pull(held.cursor);
    const seen = new Set([...first.events, ...rest.events].map((e) => e.id));
    expect(seen.size).toBe(250);
  });

  it('feedback submissions become responses owned by the contact owner, with the primary company', async () => {
    const clock = manualClock();
    const { portal, contact, company } = seededPortal({ now: clock.now });
    const fs = portal.seed('feedback_submissions', {
      hs_value: '2',
      hs_content: 'Invoices are wrong again',
      hs_submission_timestamp: new Date(T0 - 60_000).toISOString(),
      hs_survey_type: 'NPS',
      hs_response_group: 'DETRACTOR',
    });
    portal.associate('feedback_submissions', fs.id, 'contacts', contact.id);
    portal.seed('feedback_submissions', {
      hs_value: '9',
      hs_submission_timestamp: new Date(T0 - 30_000).toISOString(),
      hs_survey_type: 'CUSTOM',
    });
    const rep = member(portal);
    const people = await rep.team.listPeople();
    expect(people.map((p) => p.email)).toEqual(['rep@acme.example', 'manager@acme.example']);
    const page = await rep.team.pullResponses(null);
    expect(page.rejected).toHaveLength(1);
    expect(page.responses).toEqual([
      expect.objectContaining({
        id: `hubspot-fs-${fs.id}`,
        scale: 'nps',
        score: 2,
        comment: 'Invoices are wrong again',
        email: 'pat@globex.example',
        name: 'Pat Lee',
        hubspotId: contact.id,
        accountId: company.id,
        company: 'Globex',
        accountRevenue: 2_500_000,
        ownerEmail: 'rep@acme.example',
      }),
    ]);
    const next = await rep.team.pullResponses(page.cursor);
    expect(next.cursor).toBe(page.cursor);
  });
});
