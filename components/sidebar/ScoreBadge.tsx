import type { Route, Scale } from '@/lib/loop';
import { ROUTE_LABEL, SCALE_LABEL, SCALE_MAX } from '@/lib/labels';

export function ScoreBadge({ score, scale, route }: { score: number; scale: Scale; route: Route }) {
  return (
    <div className={`score score--${route}`}>
      <span className="score__scale">{SCALE_LABEL[scale]}</span>
      <span className="score__value" data-testid="score">
        {score} / {SCALE_MAX[scale]}
      </span>
      <span className="route" data-testid="route">
        {ROUTE_LABEL[route]}
      </span>
    </div>
  );
}
