import { describe, expect, it } from 'vitest';
import { runSalesforceTrials } from './salesforce-fault-trials';

describe('team mode on Salesforce under faults', () => {
  it('loses and duplicates nothing over 50 trials of 5xx, lost answers, hung requests, expired sessions and a spent allocation', async () => {
    const report = await runSalesforceTrials(50, 1313);
    expect(report.trials).toBe(50);
    expect(report.events).toBeGreaterThan(150);
    expect({ lost: report.lost, duplicated: report.duplicated, loopTasksWrong: report.loopTasksWrong }).toEqual({
      lost: 0,
      duplicated: 0,
      loopTasksWrong: 0,
    });
  }, 240_000);
});
