// One dispatcher per context: it answers the messages addressed to its own target, checks who sent them,
// validates what content scripts send, runs the one handler for the type and wraps the outcome in a Reply.
// Messages for other targets are left alone (runtime messages reach every extension page).
import type { Runtime } from './browser-api';
import { toWireError, type ErrorCode } from './errors';
import { isContentCallable, isEnvelope, type Args, type MessageType, type Reply, type Result, type Target, type TestOnlyMessage } from './protocol';
import { contentValidators } from './protocol-validate';
import { classifySender, type CallerInfo } from './sender';

export interface HandlerContext {
  caller: 'extension' | 'content';
  tabId?: number;
  frameId?: number;
  /** The sender's page, from the browser: what a content script's site-specific requests are about. */
  url?: string;
}

export type Handler<T extends Target, K extends MessageType<T>> = (args: Args<T, K>, context: HandlerContext) => Promise<Result<T, K>>;
/**
 * A context's handler table: every message type of its target has its handler, or the build fails. The
 * test-only messages are the exception: test builds add their handlers, other bundles leave them out.
 */
export type Handlers<T extends Target> = { [K in Exclude<MessageType<T>, TestOnlyMessage>]: Handler<T, K> } & {
  [K in Extract<MessageType<T>, TestOnlyMessage>]?: Handler<T, K>;
};
/** What the dispatcher looks handlers up in: a message from a page may name a type that has none. */
export type HandlerTable<T extends Target> = { [K in MessageType<T>]?: Handler<T, K> };

/** Runs a handler on already-checked arguments; also what Firefox's in-process engine link calls. */
export async function invoke<T extends Target, K extends MessageType<T>>(handlers: HandlerTable<T>, type: K, args: Args<T, K>, context: HandlerContext): Promise<Reply<Result<T, K>>> {
  const handler = handlers[type] as Handler<T, K> | undefined;
  if (!handler) return { ok: false, error: { code: 'unknown-message', message: `unknown message "${type}"` } };
  try {
    return { ok: true, value: await handler(args, context) };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}

export type Listener = (raw: unknown, sender: Runtime.MessageSender) => Promise<Reply<unknown>> | undefined;

/**
 * A runtime.onMessage listener for `target`. Content scripts may only reach the background, and only its
 * content-callable requests, with validated arguments; extension pages may reach everything.
 */
export function createDispatcher<T extends Target>(target: T, handlers: HandlerTable<T>, self: { id: string; origin: string }): Listener {
  return (raw, sender) => {
    if (!isEnvelope(raw) || raw.target !== target) return undefined;
    const who: CallerInfo = classifySender(sender, self.id, self.origin);
    const type = raw.type as MessageType<T>;
    const refuse = (message: string, code: ErrorCode = 'refused') => Promise.resolve<Reply<unknown>>({ ok: false, error: { code, message } });
    if (who.caller === 'foreign') return refuse('messages from outside the extension are not accepted');
    let args: Args<T, MessageType<T>>;
    if (who.caller === 'content') {
      if (target !== 'background' || !isContentCallable(type)) return refuse(`"${type}" may not be sent from a web page`);
      try {
        args = contentValidators[type](raw.args) as Args<T, MessageType<T>>;
      } catch (error) {
        return refuse(toWireError(error).message);
      }
    } else {
      // Our own pages: trusted to follow the protocol's types.
      args = raw.args as Args<T, MessageType<T>>;
    }
    const context: HandlerContext = { caller: who.caller };
    if (who.tabId !== undefined) context.tabId = who.tabId;
    if (who.frameId !== undefined) context.frameId = who.frameId;
    if (who.url !== undefined) context.url = who.url;
    return invoke(handlers, type, args, context);
  };
}
