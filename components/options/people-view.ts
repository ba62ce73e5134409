const DAY_NAME = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** ISO weekdays as a person reads them: [1,2,3,4,5] → "Mon–Fri", [1,3,5] → "Mon, Wed, Fri". */
export function formatWorkdays(days: readonly number[]): string {
  const sorted = [...new Set(days)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const d of sorted) {
    const last = runs[runs.length - 1];
    if (last && d === last[1] + 1) last[1] = d;
    else runs.push([d, d]);
  }
  return runs
    .map(([a, b]) => (a === b ? DAY_NAME[a] : b === a + 1 ? `${DAY_NAME[a]}, ${DAY_NAME[b]}` : `${DAY_NAME[a]}–${DAY_NAME[b]}`))
    .join(', ');
}

export const WEEKDAYS: readonly { day: number; short: string }[] = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, short: DAY_NAME[day]! }));
