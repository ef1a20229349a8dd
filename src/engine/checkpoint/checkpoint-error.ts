/**
 * A checkpoint that cannot be read, with a sentence a person can act on. Readers throw only this for bad
 * files, so that callers can tell a refused file from a bug.
 */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

export function refuse(message: string): never {
  throw new CheckpointError(message);
}
