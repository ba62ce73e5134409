import * as z from 'zod/mini';
import { isHubspotAppHost } from './hubspot/page';
import { isLightningHost } from './salesforce/page';
import { normalizeSalesforceId } from './salesforce/id';
import { normalizeEmail } from './email';
import type { CrmKind, RecordKind, RecordRef } from './types';

/**
 * An e-mail address crossing a boundary (a form, a message, the store), normalised on parse with
 * `normalizeEmail` so it matches the same address written in another case anywhere else.
 */
export const EmailSchema = z.pipe(
  z.string().check(z.overwrite(normalizeEmail)),
  z.email('is not an e-mail address').check(z.maxLength(320)),
);

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
    id: z.string().check(z.minLength(1), z.maxLength(32)),
    host: z.string().check(z.maxLength(253)),
    portalId: z.optional(z.string().check(z.regex(/^\d{1,15}$/))),
    url: z.url({ protocol: /^https$/ }).check(z.maxLength(4000)),
  })
  .check(
    z.refine((r) => (r.crm === 'hubspot' ? isHubspotAppHost(r.host) : isLightningHost(r.host)), {
      message: 'host is not a page of that CRM',
      path: ['host'],
    }),
    z.refine((r) => (r.crm === 'hubspot' ? /^\d{1,20}$/.test(r.id) : normalizeSalesforceId(r.id) === r.id && r.id.length === 18), {
      message: 'id has the wrong form for that CRM',
      path: ['id'],
    }),
    z.refine((r) => KINDS_OF[r.crm].includes(r.kind), { message: 'that CRM has no records of this kind', path: ['kind'] }),
    z.refine((r) => urlHost(r.url) === r.host, { message: 'url is not on the record host', path: ['url'] }),
  ) satisfies z.ZodMiniType<RecordRef>;
