// Where OriginLens keeps what it downloads: the platform's cache folder, so that backup tools and
// "clear caches" buttons treat models as the re-downloadable files they are.
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export interface CacheDirContext {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/**
 * `$ORIGINLENS_HOME` when set (tests and portable installs use it); otherwise Linux and other Unixes
 * `$XDG_CACHE_HOME/originlens` or `~/.cache/originlens`, macOS `~/Library/Caches/originlens`, Windows
 * `%LOCALAPPDATA%\originlens\Cache`.
 */
export function cacheDir(ctx: CacheDirContext = {}): string {
  const env = ctx.env ?? process.env;
  const platform = ctx.platform ?? process.platform;
  const home = ctx.home ?? homedir();
  const own = env.ORIGINLENS_HOME;
  if (own) return platform === 'win32' ? win32.resolve(own) : posix.resolve(own);
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA || win32.join(home, 'AppData', 'Local');
    return win32.join(local, 'originlens', 'Cache');
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Caches', 'originlens');
  // The XDG spec says a relative $XDG_CACHE_HOME is invalid and must be ignored.
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.cache');
  return posix.join(base, 'originlens');
}

/** The model store: `<cache>/models`. */
export function modelsDir(ctx: CacheDirContext = {}): string {
  const platform = ctx.platform ?? process.platform;
  return (platform === 'win32' ? win32 : posix).join(cacheDir(ctx), 'models');
}
