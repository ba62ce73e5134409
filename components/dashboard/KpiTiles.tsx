import type { SlimHead } from '@/lib/view/dashboard-protocol';
import { TILE_STATE_SHAPE, TILE_STATE_WORDS } from '@/lib/dashboard/kpi-tiles';
import { DrillButton } from './Drill';

type Tile = SlimHead['tiles'][number];

function DeltaLine({ tile, previousLabel }: { tile: Tile; previousLabel: string }) {
  if (!tile.delta) return <p className="tile__delta">No figure for {previousLabel} to compare with</p>;
  const { text, better } = tile.delta;
  const arrow = tile.delta.change > 0 ? '▲' : tile.delta.change < 0 ? '▼' : '＝';
  const verdict = better === null ? '' : better ? ' (better)' : ' (worse)';
  return (
    <p className={`tile__delta ${better === null ? '' : better ? 'is-better' : 'is-worse'}`}>
      <span aria-hidden="true">{arrow} </span>
      {text} vs {previousLabel}
      {verdict}
    </p>
  );
}

/** Every KPI of DESIGN.md: value, the count behind it, its healthy threshold, its state in words and shape, and the change. */
export function KpiTiles({ tiles, previousLabel }: { tiles: readonly Tile[]; previousLabel: string }) {
  return (
    <ul className="tiles" aria-label="Key performance indicators">
      {tiles.map((tile) => (
        <li key={tile.id} className={`tile tile--${tile.state}`} data-testid={`tile-${tile.id}`}>
          <h3 className="tile__label">{tile.label}</h3>
          <p className="tile__value" data-testid="tile-value">
            <DrillButton title={`${tile.label}: ${tile.display}`} list={tile.figure.numeratorIds}>
              {tile.display}
            </DrillButton>
          </p>
          <p className="tile__count" data-testid="tile-count">
            <DrillButton title={`${tile.label}: ${tile.count}`} list={tile.figure.denominatorIds}>
              {tile.count}
            </DrillButton>
          </p>
          <p className="tile__state" data-testid="tile-state">
            <span className="tile__shape" aria-hidden="true">
              {TILE_STATE_SHAPE[tile.state]}
            </span>{' '}
            {TILE_STATE_WORDS[tile.state]} · healthy {tile.target}
          </p>
          <DeltaLine tile={tile} previousLabel={previousLabel} />
        </li>
      ))}
    </ul>
  );
}
