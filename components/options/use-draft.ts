import { useEffect, useRef, useState } from 'react';

/**
 * A form's working copy of a stored value. The store re-emits whenever any context writes it, and
 * that must never wipe what is being typed: the copy follows the store until the first edit, and
 * again once the form is submitted (`settle`).
 */
export function useDraft<T>(stored: T | undefined): { draft: T | undefined; edit(next: T): void; settle(): void } {
  const [draft, setDraft] = useState<T | undefined>(stored);
  const editing = useRef(false);
  useEffect(() => {
    if (!editing.current) setDraft(stored);
  }, [stored]);
  return {
    draft,
    edit: (next: T) => {
      editing.current = true;
      setDraft(next);
    },
    settle: () => {
      editing.current = false;
    },
  };
}
