import { normalizeEmail } from '@/lib/crm/email';

/** 32-bit FNV-1a over UTF-16 code units, from a chosen offset basis. */
function fnv1a(text: string, basis: number): number {
  let hash = basis;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

export interface ResponseKey {
  /** the survey tool's id of the response, when the export has one */
  sourceId?: string;
  email?: string;
  hubspotId?: string;
  /** the 18-character form */
  salesforceId?: string;
  respondedAt: number;
  scale: string;
  score: number;
}

/**
 * A response's id, so the same export imported twice (or re-exported later) yields the same ids
 * and no second loop. The survey tool's own response id when the export has one (it survives
 * corrections to the row); otherwise who answered, when, on which scale and with what score.
 * The respondent is named by the e-mail when there is one: CRM ids are often added to an
 * export later, and the e-mail is what the survey tool itself knew. Two FNV-1a passes with
 * different offset bases give 64 bits: collisions are no practical concern at survey volumes.
 */
export function responseId(key: ResponseKey): string {
  if (key.sourceId) return hashed(`source:${key.sourceId}`);
  const who = key.email
    ? `email:${normalizeEmail(key.email)}`
    : key.hubspotId
      ? `hubspot:${key.hubspotId}`
      : `salesforce:${key.salesforceId ?? ''}`;
  return hashed([who, key.respondedAt, key.scale, key.score].join('\u241F'));
}

const hashed = (text: string) => `r_${hex8(fnv1a(text, 0x811c9dc5))}${hex8(fnv1a(text, 0x050c5d1f))}`;
