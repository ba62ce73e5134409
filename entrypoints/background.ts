import '@/lib/zod-messages';
import { createWorker, defaultWorkerDeps } from '@/lib/worker/worker';
import { FOCUS_SIDEBAR_COMMAND, focusSidebarInActiveTab } from '@/lib/worker/focus-sidebar';
import { announceStoreChanges } from '@/lib/worker/store-changes';
import { STORE_CHANGED } from '@/lib/messaging/protocol';
import { getDb } from '@/lib/db/schema';

export default defineBackground(() => {
  // The e2e build lets tests pin the worker's clock; the production build has no such switch.
  const testClock: { frozenAt: number | null } = { frozenAt: null };
  const worker = createWorker(
    import.meta.env.MODE === 'e2e' ? { ...defaultWorkerDeps, now: () => testClock.frozenAt ?? Date.now() } : defaultWorkerDeps,
  );
  // Registered synchronously at the top: an event that wakes the worker finds its listener.
  browser.runtime.onMessage.addListener((message, sender) => worker.onMessage(message, sender));
  browser.alarms.onAlarm.addListener(worker.onAlarm);
  browser.notifications.onClicked.addListener(worker.onNotificationClicked);
  // Firefox has no notification buttons: there is nothing to listen for.
  browser.notifications.onButtonClicked?.addListener(worker.onNotificationButtonClicked);
  browser.commands?.onCommand.addListener((command) => {
    if (command === FOCUS_SIDEBAR_COMMAND) void focusSidebarInActiveTab();
  });
  browser.runtime.onInstalled.addListener(() => void worker.reconcile());
  browser.runtime.onStartup.addListener(() => void worker.reconcile());
  // Sidebars hold no store: they read through here again when what they show changed.
  announceStoreChanges(getDb().name, () => browser.runtime.sendMessage({ type: STORE_CHANGED }));
  void worker.reconcile().catch((e) => console.warn('[loopside] start-up reconcile failed', e));

  if (import.meta.env.MODE === 'e2e') {
    Object.assign(globalThis, {
      __loopsideTest: {
        scan: (now?: number) => worker.scan(now, 'test'),
        // Headless Chromium shows no notification to click: tests call the same handlers a click would.
        clickNotification: (id: string, button?: number) =>
          button === undefined ? worker.onNotificationClicked(id) : worker.onNotificationButtonClicked(id, button),
        // Headless Chromium has no keyboard shortcut to press: tests run what the command runs.
        focusSidebar: () => focusSidebarInActiveTab(),
        freezeClock: (at: number | null) => {
          testClock.frozenAt = at;
        },
      },
    });
  }
});
