import { z } from 'zod';
import { isHubspotAppHost } from './hubspot/page';
import { isLightningHost } from './salesforce/page';

/** A record identity crossing a context boundary (content script → sidebar). */
export const RecordRefSchema = z
  .object({
    crm: z.enum(['hubspot', 'salesforce']),
    kind: z.enum(['contact', 'company', 'deal', 'lead', 'account', 'opportunity']),
    id: z.string().min(1).max(32),
    host: z.string().max(253),
    portalId: z.string().regex(/^\d{1,15}$/).optional(),
    url: z.url().max(4000),
  })
  .refine((r) => (r.crm === 'hubspot' ? isHubspotAppHost(r.host) : isLightningHost(r.host)), { message: 'host is not a page of that CRM', path: ['host'] })
  .refine((r) => (r.crm === 'hubspot' ? /^\d+$/.test(r.id) : /^[a-zA-Z0-9]{18}$/.test(r.id)), { message: 'id has the wrong form for that CRM', path: ['id'] });
