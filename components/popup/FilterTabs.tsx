import { useRef, type KeyboardEvent } from 'react';
import { FILTER_LABEL, type QueueFilter } from './queue';

interface Props {
  filters: readonly QueueFilter[];
  selected: QueueFilter;
  counts: Record<QueueFilter, number>;
  onSelect(filter: QueueFilter): void;
  /** id prefix shared with the panel the tabs control */
  idPrefix: string;
}

export const tabId = (prefix: string, f: QueueFilter) => `${prefix}-tab-${f}`;
export const panelId = (prefix: string) => `${prefix}-panel`;

/**
 * The filters as a WAI-ARIA tab list: one tab stop, arrow keys (and Home/End) move and select,
 * so switching views needs no more keys than reading them.
 */
export function FilterTabs({ filters, selected, counts, onSelect, idPrefix }: Props) {
  const refs = useRef(new Map<QueueFilter, HTMLButtonElement>());
  const move = (e: KeyboardEvent, index: number) => {
    const last = filters.length - 1;
    const next =
      e.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : e.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : -1;
    if (next < 0) return;
    e.preventDefault();
    const f = filters[next]!;
    onSelect(f);
    refs.current.get(f)?.focus();
  };
  return (
    <div role="tablist" aria-label="Which loops" className="filters">
      {filters.map((f, i) => (
        <button
          key={f}
          ref={(el) => {
            if (el) refs.current.set(f, el);
            else refs.current.delete(f);
          }}
          type="button"
          role="tab"
          id={tabId(idPrefix, f)}
          aria-selected={f === selected}
          aria-controls={panelId(idPrefix)}
          tabIndex={f === selected ? 0 : -1}
          className="filters__tab"
          onClick={() => onSelect(f)}
          onKeyDown={(e) => move(e, i)}
        >
          {FILTER_LABEL[f]} <span className="filters__count">({counts[f]})</span>
        </button>
      ))}
    </div>
  );
}
