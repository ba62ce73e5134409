/**
 * A weekly chart drawn by uPlot (canvas: ~50 kB, draws 100k points in milliseconds). A canvas says
 * nothing to a screen reader, so it is hidden from them: every chart on the page sits next to a
 * table of the same numbers, and its one-line summary is the figure's caption. Series differ by
 * dash and point shape as well as colour.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  dash?: number[];
  /** which axis: left or right */
  axis: 'left' | 'right';
}

export interface ChartProps {
  /** x positions: week starts, epoch ms */
  weeks: number[];
  series: ChartSeries[];
  leftLabel: string;
  rightLabel?: string;
  timeZone: string;
  /** a click on the plot names the week under the cursor */
  onPickWeek?: (index: number) => void;
  height?: number;
}

const dayMonth = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone }).format(ms);

export function Chart({ weeks, series, leftLabel, rightLabel, timeZone, onPickWeek, height = 220 }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const pick = useRef(onPickWeek);
  pick.current = onPickWeek;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = weeks.map((w) => w / 1000);
    const opts: uPlot.Options = {
      width: Math.max(260, el.clientWidth),
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone),
      legend: { show: true },
      cursor: { points: { size: 8 } },
      scales: {
        x: { time: true },
        left: { range: (_u, _min, max) => [0, Math.max(1, max ?? 1) * 1.1] },
        right: { range: (_u, _min, max) => [0, Math.max(1, max ?? 1) * 1.1] },
      },
      axes: [
        { values: (_u, splits) => splits.map((s) => dayMonth(s * 1000, timeZone)), stroke: '#1f2328', grid: { stroke: '#eaeef2' } },
        { scale: 'left', label: leftLabel, stroke: '#1f2328', grid: { stroke: '#eaeef2' } },
        ...(rightLabel ? [{ scale: 'right', side: 1, label: rightLabel, stroke: '#1f2328', grid: { show: false } }] : []),
      ],
      series: [
        { label: 'Week of', value: (_u, v) => (v == null ? '—' : dayMonth(v * 1000, timeZone)) },
        ...series.map((s, i): uPlot.Series => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          dash: s.dash,
          scale: s.axis,
          spanGaps: false,
          points: { show: true, size: 6 + i * 2, fill: i % 2 ? '#fff' : s.color },
        })),
      ],
      hooks: {
        ready: [
          (u) => {
            u.over.addEventListener('click', () => {
              const idx = u.cursor.idx;
              if (idx != null) pick.current?.(idx);
            });
          },
        ],
      },
    };
    const chart = new uPlot(opts, [xs, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(260, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [weeks, series, leftLabel, rightLabel, timeZone, height]);

  return <div ref={box} className="chart" aria-hidden="true" />;
}
