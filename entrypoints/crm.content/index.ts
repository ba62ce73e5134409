import { CRM_PAGE_MATCHES } from '@/lib/crm/hosts';
import { adapterForHost } from '@/lib/crm/adapter';
import { watchCrmPage } from '@/lib/page/watcher';

export default defineContentScript({
  matches: CRM_PAGE_MATCHES,
  // Top frame only: the CRMs embed their own frames (calling widgets) that must not get a sidebar.
  allFrames: false,
  runAt: 'document_idle',
  main(ctx) {
    const adapter = adapterForHost(location.hostname);
    if (adapter) watchCrmPage(ctx, adapter);
  },
});
