import { createContext, useContext } from 'react';

/** Opens the list of loops behind a number: every number and bar on the page calls it. */
export type OpenDrill = (title: string, ids: readonly string[]) => void;

export const DrillContext = createContext<OpenDrill>(() => {});

/** A number that opens the loops behind it. Shows as text when there are none to list. */
export function DrillButton({
  title,
  ids,
  children,
  className,
}: {
  title: string;
  ids: readonly string[];
  children: React.ReactNode;
  className?: string;
}) {
  const open = useContext(DrillContext);
  if (ids.length === 0) return <span className={className}>{children}</span>;
  return (
    <button type="button" className={`drill ${className ?? ''}`} onClick={() => open(title, ids)}>
      {children}
    </button>
  );
}

export const useOpenDrill = () => useContext(DrillContext);
