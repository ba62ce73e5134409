import { createWorker } from '@/lib/worker/worker';

export default defineBackground(() => {
  const worker = createWorker();
  // Registered synchronously at the top: an event that wakes the worker finds its listener.
  browser.runtime.onMessage.addListener((message, sender) => worker.onMessage(message, sender));
  browser.alarms.onAlarm.addListener(worker.onAlarm);
  browser.notifications.onClicked.addListener(worker.onNotificationClicked);
  browser.runtime.onInstalled.addListener(() => void worker.reconcile());
  browser.runtime.onStartup.addListener(() => void worker.reconcile());
  void worker.reconcile().catch((e) => console.warn('[loopside] start-up reconcile failed', e));

  if (import.meta.env.MODE === 'e2e') {
    // Test hooks exist only in the e2e build (`wxt build --mode e2e`), never in production.
    Object.assign(globalThis, { __loopsideTest: { scan: (now?: number) => worker.scan(now) } });
  }
});
