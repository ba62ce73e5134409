import {
  BackgroundRequestSchema,
  pagesAllowedToSend,
  type BackgroundReply,
  type BackgroundRequestType,
  type ReplyOf,
  type RequestOf,
} from '@/lib/messaging/protocol';
import { classifySender, type Self, type SenderInfo } from '@/lib/messaging/sender';

/** A handler's way to say "no" with a reason the person can act on (not a crash: nothing is logged). */
export class Refusal extends Error {
  override name = 'Refusal';
}

export interface RequestContext {
  /** the tab of the page that sent the request, when it lives in one (a sidebar frame) */
  tabId: number | undefined;
}

export type Handler<T extends BackgroundRequestType> = (request: RequestOf<T>, context: RequestContext) => Promise<ReplyOf<T>>;
export type Handlers = { [T in BackgroundRequestType]: Handler<T> };

/**
 * `runtime.onMessage` for the worker: who sent it (from what the browser says, never the message),
 * is it a request of the protocol, may that page send it; then its one handler. Returns a Promise
 * only for messages it answers, so other listeners' replies are not hijacked.
 */
export function createRouter(handlers: Handlers, self: Self, log: (message: string) => void) {
  return function onMessage(raw: unknown, sender: SenderInfo): Promise<BackgroundReply> | undefined {
    const type = typeof raw === 'object' && raw !== null && 'type' in raw ? String((raw as { type: unknown }).type) : '';
    // Broadcasts from content scripts to their sidebar pass by the worker too; they are not for it.
    if (type === 'page/record') return undefined;
    const reject = (reason: string) => {
      log(`rejected message ${JSON.stringify(type).slice(0, 60)}: ${reason}`);
      return Promise.resolve<BackgroundReply>({ ok: false, error: `rejected: ${reason}` });
    };
    const verdict = classifySender(sender, self);
    if (verdict.kind === 'rejected') return reject(verdict.reason);
    if (verdict.kind !== 'extension-page') return reject('content scripts may not send requests to the background');
    const parsed = BackgroundRequestSchema.safeParse(raw);
    if (!parsed.success) return reject(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
    const request = parsed.data;
    if (!pagesAllowedToSend(request.type).includes(verdict.page)) return reject(`${verdict.page} may not send ${request.type}`);
    const handler = handlers[request.type] as Handler<BackgroundRequestType>;
    return handler(request as RequestOf<BackgroundRequestType>, { tabId: verdict.tabId }).then(
      (data): BackgroundReply => ({ ok: true, data }),
      (e: unknown): BackgroundReply => {
        if (!(e instanceof Refusal)) log(`${request.type} failed: ${String(e)}`);
        return { ok: false, error: e instanceof Error ? e.message : String(e) };
      },
    );
  };
}
