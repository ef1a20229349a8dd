// How the background reaches the engine host: by message to the offscreen document on Chrome, by a direct
// call on Firefox, where the engine runs in the background page itself. The entry point of each build
// installs its link; everything else calls engine().
import type { Args, MessageType, Result } from './protocol';

export interface EngineLink {
  call<K extends MessageType<'engine-host'>>(type: K, args: Args<'engine-host', K>): Promise<Result<'engine-host', K>>;
  /** Whether the engine host is running now (without starting it). */
  running(): Promise<boolean>;
}

let link: EngineLink | undefined;

export function setEngineLink(next: EngineLink): void {
  link = next;
}

export function engine(): EngineLink {
  if (!link) throw new Error('no engine link installed');
  return link;
}
