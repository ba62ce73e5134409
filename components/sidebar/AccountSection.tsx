import { useMemo } from 'react';
import type { LoopState } from '@/lib/loop';
import type { AccountRule } from '@/lib/db/loop-loader';
import { accountView, type AccountLoopRow } from '@/lib/view/account-view';
import { AccountView } from './AccountView';

interface Props {
  /** the account's contacts' loops, folded */
  states: readonly LoopState[];
  rule: AccountRule | null;
  now: number;
  timeZone: string;
  ownerName(email: string): string;
  recordUrl(row: AccountLoopRow): string | null;
  openRecord(row: AccountLoopRow): void;
}

/**
 * An account's page (company, deal, account, opportunity): its contacts' loops, worst first.
 * Loaded apart from the sidebar (a default export for `lazy`): contact and lead pages, most of a
 * rep's day, never fetch it.
 */
export default function AccountSection({ states, rule, now, ...shown }: Props) {
  const view = useMemo(() => accountView(states, rule, now), [states, rule, now]);
  return <AccountView view={view} now={now} {...shown} />;
}
