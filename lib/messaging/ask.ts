import { browser } from 'wxt/browser';
import {
  BACKGROUND_MESSAGES,
  EnvelopeSchema,
  PageRecordSchema,
  type BackgroundRequestType,
  type PageCurrent,
  type PageRecord,
  type ReplyOf,
  type RequestInput,
} from './protocol';

/** The background looked at the request and said no (closed already, reason missing…): retrying cannot help. */
export class RefusedError extends Error {
  override name = 'RefusedError';
}

/** The background sent nothing back (a worker stopped mid-request): the same request may be sent again. */
export class NoAnswerError extends Error {
  override name = 'NoAnswerError';
}

const issuesOf = (issues: readonly { path: readonly PropertyKey[]; message: string }[]) =>
  issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');

/**
 * Sends one request to the background and returns its reply's data, checked against the reply
 * schema of its type. A refusal throws RefusedError (final), silence throws NoAnswerError (retry).
 */
export async function ask<T extends BackgroundRequestType>(request: RequestInput<T> & { type: T }): Promise<ReplyOf<T>> {
  const raw: unknown = await browser.runtime.sendMessage(request);
  if (raw === undefined || raw === null) throw new NoAnswerError('Loopside’s background did not answer. Try again in a moment.');
  const envelope = EnvelopeSchema.safeParse(raw);
  if (!envelope.success)
    throw new Error(`Loopside’s background answered ${request.type} with something unreadable: ${issuesOf(envelope.error.issues)}`);
  if (!envelope.data.ok) throw new RefusedError(envelope.data.error);
  const data = BACKGROUND_MESSAGES[request.type].reply.safeParse(envelope.data.data);
  if (!data.success) throw new Error(`Loopside’s background answered ${request.type} out of protocol: ${issuesOf(data.error.issues)}`);
  return data.data as ReplyOf<T>;
}

/** TanStack Query retry rule: a worker stopped mid-request answers nothing, a refusal is final. */
export const retryUnlessRefused = (failures: number, error: Error) => !(error instanceof RefusedError) && failures < 4;

/**
 * Asks the content script in a tab's top frame which record it shows. Null when the tab does not
 * answer in time or answers out of protocol (closed, navigated away from the CRM, orphaned script).
 */
export async function askPage(tabId: number, timeoutMs: number): Promise<PageRecord | null> {
  const request: PageCurrent = { type: 'page/current' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  const answer = browser.tabs
    .sendMessage(tabId, request, { frameId: 0 })
    .then((reply: unknown) => {
      const parsed = PageRecordSchema.safeParse(reply);
      return parsed.success ? parsed.data : null;
    })
    .catch(() => null);
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
