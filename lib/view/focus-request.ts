import { useEffect } from 'react';
import { FOCUS_SIDEBAR_MESSAGE } from '@/lib/page/sidebar-frame';

/** What takes the focus when the shortcut brings it into the sidebar, in order of preference: the first thing to act on. */
const FIRST_CONTROLS = ['form.outcome input:checked', '[data-testid="tab"]', '[data-testid="account-loop"] a', '.sidebar__header button'];

const focusFirstControl = () => {
  for (const selector of FIRST_CONTROLS) {
    const control = document.querySelector<HTMLElement>(selector);
    if (control) return control.focus();
  }
};

/**
 * The shortcut's content script focuses this frame and then asks (postMessage) for the first
 * control. Not on every window focus: a click inside the sidebar focuses the window first, and
 * moving focus (and scrolling) then would make the click land somewhere else.
 */
export function useFocusRequests(): void {
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      // No check of event.source: all this does is move focus inside this frame.
      if ((event.data as { type?: unknown } | null)?.type === FOCUS_SIDEBAR_MESSAGE) focusFirstControl();
    };
    window.addEventListener('message', onMessage);
    return () => {
      window.removeEventListener('message', onMessage);
    };
  }, []);
}
