import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type LoopEvent, type SurveyResponse } from '@/lib/loop';
import { LoopsideDb } from '@/lib/db/schema';
import { appendEvents } from '@/lib/db/loops';
import { accountDomain, foldLoaded, loadLoops, type AccountKeys } from '@/lib/db/loop-loader';
import { writeSettings } from '@/lib/db/settings';
import { accountView } from '@/lib/view/account-view';
import { eventsFor, HOUR, MON_10, response, stateAt, UTC } from '../notify/helpers';

const DAY = 24 * HOUR;
const NOW = MON_10 + 30 * HOUR;

const at = (over: Partial<SurveyResponse>) => response({ comment: '', ...over });

describe('the account view model', () => {
  it('lists open loops worst first: critical and breached before on-track, recovery before the rest', () => {
    const loops = [
      stateAt(at({ id: 'promoter', score: 10, name: 'Pat' }), NOW),
      stateAt(at({ id: 'passive', score: 8, name: 'Pia', respondedAt: NOW - HOUR }), NOW),
      stateAt(at({ id: 'critical', score: 1, name: 'Cas', comment: 'We are cancelling.' }), NOW),
      stateAt(at({ id: 'closed', score: 2, name: 'Old' }), NOW, [
        { id: 'c', loopId: 'closed', at: MON_10 + HOUR, actor: 'me', type: 'closed', state: 'resolved', reason: 'Fixed' } as LoopEvent,
      ]),
    ];
    const view = accountView(loops, 'crm_id', NOW);
    expect(view.open.map((r) => r.loopId)).toEqual(['critical', 'passive', 'promoter']);
    expect(view.open[0]).toMatchObject({
      contact: 'Cas',
      owner: 'alice@team.example',
      route: 'recovery',
      critical: true,
      slaState: 'breached',
    });
    expect(view.rule).toBe('crm_id');
  });

  it('scores the account by NPS over the last 90 days with the count, and the revenue at risk', () => {
    const old = NOW - 91 * DAY;
    const loops = [
      stateAt(at({ id: 'a', score: 10, accountRevenue: 240_000 }), NOW),
      stateAt(at({ id: 'b', score: 9, accountRevenue: 240_000 }), NOW),
      stateAt(at({ id: 'c', score: 3, accountRevenue: 240_000 }), NOW),
      stateAt(at({ id: 'd', score: 7 }), NOW),
      stateAt(at({ id: 'too-old', score: 0, respondedAt: old }), NOW),
    ];
    const view = accountView(loops, 'company_name', NOW);
    // 2 promoters, 1 detractor of 4 → +25
    expect(view.score).toEqual({ scale: 'nps', value: 25, count: 4 });
    expect(view.revenueAtRisk).toBe(240_000);
  });

  it('uses the mean for CSAT, and no revenue at risk without an open recovery loop', () => {
    const loops = [
      stateAt(at({ id: 'x', scale: 'csat', score: 4, accountRevenue: 5000 }), NOW),
      stateAt(at({ id: 'y', scale: 'csat', score: 5 }), NOW),
    ];
    const view = accountView(loops, 'email_domain', NOW);
    expect(view.score).toEqual({ scale: 'csat', value: 4.5, count: 2 });
    expect(view.revenueAtRisk).toBe(0);
    expect(accountView([], null, NOW)).toEqual({ rule: null, open: [], score: null, revenueAtRisk: null });
  });
});

describe('loading an account', () => {
  let db: LoopsideDb;
  let n = 0;
  beforeEach(async () => {
    db = new LoopsideDb(`account-${++n}`);
    await writeSettings(db, { timeZone: 'UTC' });
    const ctx = { policy: DEFAULT_POLICY, calendar: UTC, now: MON_10 };
    const rows: Partial<SurveyResponse>[] = [
      { id: 'maria', email: 'maria@nordwind.example', company: 'Nordwind GmbH', accountId: '7001', score: 2 },
      { id: 'jonas', email: 'jonas@nordwind.example', company: 'Nordwind GmbH', score: 9 },
      { id: 'ina', email: 'ina@nordwind.example', score: 6 },
      { id: 'gmail', email: 'someone@gmail.com', company: 'Other Co', score: 1 },
    ];
    for (const r of rows) await appendEvents(db, eventsFor(at(r)), ctx);
  });
  afterEach(async () => db.delete());

  const load = async (account: AccountKeys) => {
    const data = await loadLoops(db, { kind: 'account', account });
    return {
      rule: data.accountRule,
      ids: foldLoaded(data, NOW)
        .map((l) => l.loopId)
        .sort(),
    };
  };

  it('matches by CRM account id first, and does not mix in name matches', async () => {
    expect(await load({ ids: ['7001'], name: 'Nordwind GmbH', domain: 'nordwind.example' })).toEqual({ rule: 'crm_id', ids: ['maria'] });
  });

  it('falls back to the company name, then to the e-mail domain', async () => {
    expect(await load({ ids: ['9999'], name: '  nordwind gmbh ', domain: null })).toEqual({
      rule: 'company_name',
      ids: ['jonas', 'maria'],
    });
    expect(await load({ ids: [], name: 'Unknown', domain: 'https://www.Nordwind.example/about' })).toEqual({
      rule: 'email_domain',
      ids: ['ina', 'jonas', 'maria'],
    });
  });

  it('never matches a whole public mailbox provider, and says when nothing matched', async () => {
    expect(accountDomain('gmail.com')).toBeNull();
    expect(await load({ ids: [], name: null, domain: 'gmail.com' })).toEqual({ rule: null, ids: [] });
  });
});
