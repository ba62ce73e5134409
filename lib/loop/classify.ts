import { memoize } from './memo';

/**
 * Reading the customer's own words: churn intent (with negation) and the kind of complaint.
 * Deliberately simple word rules, explained by the evidence they quote, so a rep can see why a
 * loop was escalated and disagree.
 */

export interface TextEvidence {
  /** the phrase that matched, as the customer wrote it */
  phrase: string;
  /** the sentence it stands in, for quoting */
  sentence: string;
}

/** Phrases that announce leaving. Each is checked for a negation just before it. */
const CHURN_PHRASES: RegExp[] = [
  /\bcancel(?:l?ing|l?ed|lation|s)?\b/i,
  /\bswitch(?:ing|ed)? (?:to|over to|away)\b/i,
  /\bmov(?:e|ing) (?:to|over to) (?:a |another |an )?(?:competitor|vendor|provider|alternative|\w+)\b/i,
  /\blook(?:ing)? (?:for|at) (?:an? )?(?:alternatives?|other (?:vendors|providers|tools|options))\b/i,
  /\b(?:leav(?:e|ing)|quit(?:ting)?|drop(?:ping)?) (?:you|your (?:service|product|platform))\b/i,
  /\bterminat(?:e|ing) (?:the |our )?(?:contract|subscription|account)\b/i,
  /\btake (?:our|my) business elsewhere\b/i,
  /\bchurn(?:ing)?\b/i,
];

/** Phrases that are churn intent because of their own negation ("not renewing" is the intent). */
const NEGATIVE_CHURN_PHRASES: RegExp[] = [
  /\b(?:not|never) (?:going to |planning to |be )?renew(?:ing|al)?\b/i,
  /\b(?:won't|will not|wont|don't plan to|do not plan to|can't justify|cannot justify) renew(?:ing|al)?\b/i,
  /\bno (?:plans? to|intention to) renew\b/i,
];

const NEGATIONS = new Set([
  'not',
  'no',
  'never',
  "won't",
  'wont',
  "don't",
  'dont',
  "aren't",
  "isn't",
  "wasn't",
  'without',
  'nor',
  "haven't",
  "didn't",
  "wouldn't",
  "can't",
  'cannot',
]);
const NEGATION_WINDOW = 3;

export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?。！？])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const wordsBefore = (sentence: string, index: number) =>
  sentence
    .slice(0, index)
    .toLowerCase()
    .replace(/[’]/g, "'")
    .split(/[^a-z']+/)
    .filter(Boolean)
    .slice(-NEGATION_WINDOW);

/**
 * Churn intent in a verbatim: "we are switching to another vendor", "not renewing", "cancel".
 * A negation within the three words before a phrase cancels it ("we are not cancelling",
 * "we won't be switching to"), but phrases that are themselves negative ("won't renew") count.
 */
export const detectChurnIntent: (text: string) => TextEvidence | null = memoize(findChurnIntent);

/** The same phrase may stand twice in a sentence, negated once ("not cancelling now; we will cancel in May"). */
const GLOBAL_CHURN_PHRASES = CHURN_PHRASES.map((p) => new RegExp(p.source, 'gi'));

function findChurnIntent(text: string): TextEvidence | null {
  for (const sentence of sentences(text)) {
    for (const pattern of NEGATIVE_CHURN_PHRASES) {
      const m = pattern.exec(sentence.replace(/[’]/g, "'"));
      if (m) return { phrase: m[0], sentence };
    }
    for (const pattern of GLOBAL_CHURN_PHRASES) {
      for (const m of sentence.matchAll(pattern)) {
        if (!wordsBefore(sentence, m.index).some((w) => NEGATIONS.has(w))) return { phrase: m[0], sentence };
      }
    }
  }
  return null;
}

const PRODUCT_WORDS =
  /\b(bugs?|crash(?:es|ed|ing)?|feature|features|export|reports?|reporting|slow|performance|integrations?|ui|interface|broken|errors?|outages?|downtime|data|sync|app|dashboard|api|update)\b/gi;
const SERVICE_WORDS =
  /\b(support|service|waited|wait|answer(?:ed)?|respon(?:se|d|ded)|rude|account manager|onboarding|invoices?|billing|training|call(?:ed)? back|tickets?|staff|team|help(?:ful)?)\b/gi;

export type ComplaintType = 'product' | 'service' | 'unknown';

/** Product or service complaint, by the words the customer used; a tie or no signal is unknown. */
export const complaintType: (text: string) => { type: ComplaintType; words: string[] } = memoize(classifyComplaint);

function classifyComplaint(text: string): { type: ComplaintType; words: string[] } {
  const product = text.match(PRODUCT_WORDS) ?? [];
  const service = text.match(SERVICE_WORDS) ?? [];
  if (product.length === service.length) return { type: 'unknown', words: [...product, ...service] };
  return product.length > service.length ? { type: 'product', words: product } : { type: 'service', words: service };
}
