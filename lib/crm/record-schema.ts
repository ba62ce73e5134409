import { z } from 'zod';
import { isHubspotAppHost } from './hubspot/page';
import { isLightningHost } from './salesforce/page';
import { normalizeSalesforceId } from './salesforce/id';
import { normalizeEmail } from './email';
import type { CrmKind, RecordKind, RecordRef } from './types';

/**
 * An e-mail address crossing a boundary (a form, a message, the store), normalised on parse with
 * `normalizeEmail` so it matches the same address written in another case anywhere else.
 */
export const EmailSchema = z.string().overwrite(normalizeEmail).pipe(z.email('is not an e-mail address').max(320));

const KINDS_OF: Record<CrmKind, readonly RecordKind[]> = {
  hubspot: ['contact', 'company', 'deal'],
  salesforce: ['contact', 'lead', 'account', 'opportunity'],
};

const urlHost = (href: string) => {
  try {
    return new URL(href).hostname;
  } catch {
    return null;
  }
};

/**
 * A record identity crossing a context boundary (content script → sidebar). The CRM page is
 * not trusted: the host must be one of that CRM's, the id in that CRM's form (Salesforce: the
 * canonical 18 characters), the kind one that CRM has, and the URL on the same host.
 */
export const RecordRefSchema = z
  .object({
    crm: z.enum(['hubspot', 'salesforce']),
    kind: z.enum(['contact', 'company', 'deal', 'lead', 'account', 'opportunity']),
    id: z.string().min(1).max(32),
    host: z.string().max(253),
    portalId: z
      .string()
      .regex(/^\d{1,15}$/)
      .optional(),
    url: z.url({ protocol: /^https$/ }).max(4000),
  })
  .refine((r) => (r.crm === 'hubspot' ? isHubspotAppHost(r.host) : isLightningHost(r.host)), {
    message: 'host is not a page of that CRM',
    path: ['host'],
  })
  .refine((r) => (r.crm === 'hubspot' ? /^\d{1,20}$/.test(r.id) : normalizeSalesforceId(r.id) === r.id && r.id.length === 18), {
    message: 'id has the wrong form for that CRM',
    path: ['id'],
  })
  .refine((r) => KINDS_OF[r.crm].includes(r.kind), { message: 'that CRM has no records of this kind', path: ['kind'] })
  .refine((r) => urlHost(r.url) === r.host, { message: 'url is not on the record host', path: ['url'] }) satisfies z.ZodType<RecordRef>;
