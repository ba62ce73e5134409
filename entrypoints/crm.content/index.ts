import { CRM_PAGE_MATCHES } from '@/lib/crm/hosts';
export default defineContentScript({ matches: CRM_PAGE_MATCHES, main() {} });
