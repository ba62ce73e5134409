import { describe, expect, it } from 'vitest';
import { alertNotificationId, notificationTarget } from '@/lib/worker/show-alerts';

describe('what a clicked notification stands for', () => {
  it.each([
    ['alert|L1|breached|alex@x.example', { kind: 'alert', key: 'L1|breached|alex@x.example', loopId: 'L1' }],
    ['alert|L1|escalation:manager|mia@x.example', { kind: 'alert', key: 'L1|escalation:manager|mia@x.example', loopId: 'L1' }],
    // v1 one-person keys end in an empty recipient.
    ['alert|L1|near_breach_1|', { kind: 'alert', key: 'L1|near_breach_1|', loopId: 'L1' }],
    // Still on screen from before the stages were renamed: Snooze must find the migrated row.
    ['alert|L1|warn_75|alex@x.example', { kind: 'alert', key: 'L1|near_breach_1|alex@x.example', loopId: 'L1' }],
    ['alert|L1|warn_1h|', { kind: 'alert', key: 'L1|near_breach_2|', loopId: 'L1' }],
    ['alert|L1|constructor|', { kind: 'alert', key: 'L1|constructor|', loopId: 'L1' }],
    ['summary|1795424460000', { kind: 'summary' }],
    ['someone-else', null],
  ])('%s', (id, target) => {
    expect(notificationTarget(id)).toEqual(target);
  });

  it('reads back the id it makes', () => {
    expect(notificationTarget(alertNotificationId('L9|breached|sam@x.example'))).toMatchObject({ key: 'L9|breached|sam@x.example' });
  });
});
