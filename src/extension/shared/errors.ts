// Errors that cross contexts travel as a code and a sentence: the receiver decides by the code (retry,
// give up) and shows the sentence; nothing is decided by reading the sentence.
export const ERROR_CODES = [
  /** The page went away and its queued job with it. */
  'cancelled',
  /** The queue was full and this job, the least urgent, made room. */
  'dropped',
  /** Too much is waiting already: ask again in a moment. */
  'busy',
  /** The sender may not send this, or sent arguments that do not pass the checks. */
  'refused',
  'unknown-message',
  /** The receiving context did not answer (not running, or gone mid-call). */
  'no-answer',
  /** Anything else: the sentence says what. */
  'failed',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
}

/** An error that knows the code it crosses contexts with. */
export class CodedError extends Error {
  override name = 'CodedError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Codes after which the same request may succeed if asked again later. */
export const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['cancelled', 'dropped', 'busy']);

export function toWireError(error: unknown): WireError {
  return { code: error instanceof CodedError ? error.code : 'failed', message: error instanceof Error ? error.message : String(error) };
}
