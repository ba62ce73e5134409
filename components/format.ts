/**
 * The formatters moved to lib/loop/format.ts (pure, the zone passed in). This re-export stays only
 * while components/sidebar/FinishLoop.tsx still imports from here; import from '@/lib/loop' instead.
 */
export { formatCountdown, formatDate, formatDateTime } from '@/lib/loop/format';
