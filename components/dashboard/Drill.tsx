import { createContext, useContext } from 'react';
import type { LoopList } from '@/lib/view/dashboard-protocol';

/** Opens the list of loops behind a number: every number and bar on the page calls it. */
export type OpenDrill = (title: string, lists: readonly LoopList[]) => void;

export const DrillContext = createContext<OpenDrill>(() => {});

const listsOf = (list: LoopList | readonly LoopList[]): readonly LoopList[] => ('ref' in list ? [list] : list);

/** A number that opens the loops behind it (one list, or several shown as one). Shows as text when there are none to list. */
export function DrillButton({
  title,
  list,
  children,
  className,
}: {
  title: string;
  list: LoopList | readonly LoopList[];
  children: React.ReactNode;
  className?: string;
}) {
  const open = useContext(DrillContext);
  const lists = listsOf(list);
  if (lists.every((l) => l.n === 0)) return <span className={className}>{children}</span>;
  return (
    <button type="button" className={`drill ${className ?? ''}`} onClick={() => open(title, lists)}>
      {children}
    </button>
  );
}

export const useOpenDrill = () => useContext(DrillContext);
