// Sending side of the protocol: typed requests that resolve to the handler's value or throw its error.
import { browser } from './browser-api';
import { CodedError } from './errors';
import type { Args, Message, MessageType, Reply, Result, Target } from './protocol';

/** The error another context answered with, its code kept. */
export class RemoteError extends CodedError {
  override name = 'RemoteError';
}

export function unwrap<R>(reply: Reply<R> | undefined, what: string): R {
  if (reply === undefined || reply === null) throw new RemoteError('no-answer', `${what}: no answer (is its context running?)`);
  if (!reply.ok) throw new RemoteError(reply.error.code, reply.error.message);
  return reply.value;
}

/** A request to the background or to the engine host (runtime messages). */
export async function send<T extends Exclude<Target, 'content'>, K extends MessageType<T>>(target: T, type: K, args: Args<T, K>): Promise<Result<T, K>> {
  const message: Message<T, K> = { target, type, args };
  const reply = (await browser.runtime.sendMessage(message)) as Reply<Result<T, K>> | undefined;
  return unwrap(reply, `${target} ${type}`);
}

/** A message to the content scripts of one tab. */
export async function sendToTab<K extends MessageType<'content'>>(tabId: number, type: K, args: Args<'content', K>): Promise<Result<'content', K>> {
  const message: Message<'content', K> = { target: 'content', type, args };
  const reply = (await browser.tabs.sendMessage(tabId, message)) as Reply<Result<'content', K>> | undefined;
  return unwrap(reply, `tab ${tabId} ${type}`);
}
