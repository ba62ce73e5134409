import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDateTime, formatZonedDateTime, type LoopEvent } from '@/lib/loop';
import { LoopsideDb } from '@/lib/db/schema';
import { appendEvents } from '@/lib/db/loops';
import { readClockContext } from '@/lib/db/engine-context';
import { foldLoaded, loadLoops } from '@/lib/db/loop-loader';
import { upsertPeople } from '@/lib/db/people';
import { writeSettings } from '@/lib/db/settings';
import { importResponses } from '@/lib/worker/import';
import { scanLoops } from '@/lib/worker/scan';
import { response } from '../loop/helpers';

const HOUR = 3_600_000;
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const TOKYO = 'Asia/Tokyo';

let db: LoopsideDb;
let n = 0;
beforeEach(async () => {
  db = new LoopsideDb(`owner-clock-${++n}`);
  // The business zone (for owners nobody listed) is Tokyo: neither owner's zone, so a fallback shows.
  await writeSettings(db, { timeZone: TOKYO });
  await upsertPeople(db, [
    { email: 'berta@team.example', name: 'Berta', timeZone: BERLIN },
    { email: 'nate@team.example', name: 'Nate', timeZone: NEW_YORK, workStart: '08:00', workEnd: '16:00' },
  ]);
});
afterEach(async () => {
  await db.delete();
});

const dueOf = async (loopId: string) => (await db.loops.get(loopId))!.firstTouchDueAt;

describe('each loop runs on its owner’s clock', () => {
  // Monday 2 March 2026, 13:00 UTC: 14:00 in Berlin, 08:00 in New York, 22:00 in Tokyo.
  const MON_13_UTC = Date.UTC(2026, 2, 2, 13, 0);

  it('two owners in different zones get one business day on their own hours; an unlisted owner gets the business zone', async () => {
    await importResponses(
      db,
      [
        response({ id: 'berlin', score: 5, respondedAt: MON_13_UTC, ownerEmail: 'berta@team.example' }),
        response({ id: 'new-york', score: 5, respondedAt: MON_13_UTC, ownerEmail: 'nate@team.example' }),
        response({ id: 'nobody-knows', score: 5, respondedAt: MON_13_UTC, ownerEmail: 'gone@team.example' }),
      ],
      MON_13_UTC,
    );
    // Berlin 09–17: Monday 14–17 is 3 h, the other 5 h run out on Tuesday at 14:00 Berlin time.
    expect(formatZonedDateTime(await dueOf('berlin'), BERLIN)).toBe('Tue 3 Mar, 14:00 Berlin time');
    // New York 08–16: the response came at opening time, the whole day is Monday's.
    expect(formatZonedDateTime(await dueOf('new-york'), NEW_YORK)).toBe('Mon 2 Mar, 16:00 New York time');
    // Unknown owner: the business zone (Tokyo), on the policy's 09–17; 22:00 is after hours, so Tuesday.
    expect(formatZonedDateTime(await dueOf('nobody-knows'), TOKYO)).toBe('Tue 3 Mar, 17:00 Tokyo time');

    const states = foldLoaded(await loadLoops(db, { kind: 'open' }), MON_13_UTC + HOUR);
    expect(Object.fromEntries(states.map((s) => [s.loopId, s.timeZone]))).toEqual({
      berlin: BERLIN,
      'new-york': NEW_YORK,
      'nobody-knows': TOKYO,
    });
  });

  it('keeps working hours across the spring DST change in the owner’s zone', async () => {
    // Friday 27 March 2026, 14:00 in Berlin (CET, UTC+1); clocks go forward on Sunday 29 March.
    const fri = Date.UTC(2026, 2, 27, 13, 0);
    await importResponses(db, [response({ id: 'dst', score: 5, respondedAt: fri, ownerEmail: 'berta@team.example' })], fri);
    const due = await dueOf('dst');
    // 3 h on Friday, 5 h on Monday: 14:00 on Monday in Berlin, now CEST (UTC+2), so 12:00 UTC.
    expect(formatDateTime(due, BERLIN)).toBe('Mon 30 Mar, 14:00');
    expect(due).toBe(Date.UTC(2026, 2, 30, 12, 0));
  });

  it('a reassigned loop keeps the due time promised and reads the rest on the new owner’s clock', async () => {
    await importResponses(db, [response({ id: 'moved', score: 5, respondedAt: MON_13_UTC, ownerEmail: 'berta@team.example' })], MON_13_UTC);
    const promised = await dueOf('moved');
    const ctx = { ...(await readClockContext(db)), now: MON_13_UTC + HOUR };
    const reassign: LoopEvent = {
      id: 'moved/reassign',
      loopId: 'moved',
      at: MON_13_UTC + HOUR,
      actor: 'lead@team.example',
      type: 'reassigned',
      toEmail: 'nate@team.example',
    };
    await appendEvents(db, [reassign], ctx);
    const [state] = foldLoaded(await loadLoops(db, { kind: 'open' }), MON_13_UTC + 2 * HOUR);
    expect(state!.ownerEmail).toBe('nate@team.example');
    expect(state!.timeZone).toBe(NEW_YORK);
    expect(state!.firstTouchDueAt).toBe(promised);
    expect((await db.loops.get('moved'))!.ownerEmail).toBe('nate@team.example');
  });

  it('a notification names the due date and the zone of the loop’s clock', async () => {
    await writeSettings(db, { timeZone: TOKYO, myEmail: 'berta@team.example', role: 'rep' });
    await importResponses(
      db,
      [response({ id: 'berlin', score: 5, respondedAt: MON_13_UTC, ownerEmail: 'berta@team.example' })],
      MON_13_UTC,
    );
    // Tuesday 14:01 in Berlin: inside Berta's hours, a minute after the breach.
    const result = await scanLoops(db, Date.UTC(2026, 2, 3, 13, 1));
    expect(result.toShow.map((s) => s.kind)).toEqual(['breached']);
    expect(result.toShow[0]!.message).toContain('due Tue 3 Mar, 14:00 Berlin time');
  });
});
