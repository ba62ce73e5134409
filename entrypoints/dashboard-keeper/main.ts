import { runKeeper } from '@/lib/view/dashboard-start';

// The background's offscreen document (lib/worker/dashboard-refresh.ts): run the keeper, then go.
runKeeper(() => window.close());
