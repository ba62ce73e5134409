import type { LoopList } from '@/lib/view/dashboard-protocol';
import { DrillButton } from './Drill';

/** A horizontal bar that is also the button listing its loops; its number is always written beside it. */
export function Bar({
  value,
  max,
  title,
  list,
  text,
  tone = 'accent',
}: {
  value: number;
  max: number;
  title: string;
  list: LoopList;
  text: string;
  tone?: string;
}) {
  const width = max > 0 ? Math.max(value > 0 ? 1 : 0, (value / max) * 100) : 0;
  return (
    <DrillButton title={title} list={list} className="bar">
      <span className={`bar__fill bar__fill--${tone}`} style={{ width: `${width}%` }} aria-hidden="true" />
      <span className="bar__text">{text}</span>
    </DrillButton>
  );
}
