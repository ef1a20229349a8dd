// A progress line on stderr for long commands (downloads, feature extraction, training). On a terminal
// it redraws one line in place, at most ten times a second; in a log or a pipe, where carriage returns
// would pile up, it prints a line at each tenth of the way instead.

export interface ProgressOptions {
  /** 'bytes' shows sizes and speed in MB; any other word is a count ('images' → "120/300 images"). */
  unit?: string;
  /** Where to draw; default process.stderr. */
  stream?: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean; columns?: number };
  /** Starting value, e.g. bytes already fetched by an earlier run; not counted in the speed. */
  initial?: number;
  /** Clock in milliseconds; tests pass their own. */
  now?: () => number;
}

export interface Progress {
  /** Adds `n` (default 1) to the value. */
  tick(n?: number): void;
  /** Sets the value, for sources that report a total so far (it may go down when a download restarts). */
  set(value: number): void;
  /** Draws the final state and ends the line. Further calls do nothing. */
  done(message?: string): void;
}

const REDRAW_MS = 100;

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** `total` of 0 or less means unknown: no percentage, no bar. */
export function createProgress(label: string, total: number, opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  const now = opts.now ?? Date.now;
  const unit = opts.unit ?? 'items';
  const bytes = unit === 'bytes';
  const tty = stream.isTTY === true;
  const started = now();
  let value = opts.initial ?? 0;
  let moved = 0;
  let lastDraw = -Infinity;
  let lastTenth = total > 0 ? Math.floor((value / total) * 10) : 0;
  let finished = false;

  const amount = (n: number): string => (bytes ? formatBytes(n) : `${n}`);
  const percent = (): number => Math.min(100, Math.floor((value / total) * 100));
  const rate = (): string => {
    const seconds = (now() - started) / 1000;
    if (seconds <= 0 || moved <= 0) return '';
    const perSecond = moved / seconds;
    return bytes ? `${formatBytes(Math.round(perSecond))}/s` : `${perSecond.toFixed(1)} ${unit}/s`;
  };
  const counts = (): string =>
    total > 0 ? `${amount(value)} / ${amount(total)}${bytes ? '' : ` ${unit}`}` : `${amount(value)}${bytes ? '' : ` ${unit}`}`;

  function line(): string {
    const parts = [label, counts()];
    if (total > 0) parts.push(`${percent()}%`);
    const speed = rate();
    if (speed) parts.push(speed);
    const text = parts.join('  ');
    if (total <= 0) return text;
    const room = (stream.columns ?? 80) - text.length - 4;
    if (room < 10) return text;
    const width = Math.min(30, room);
    const full = Math.round((Math.min(value, total) / total) * width);
    return `${text}  [${'#'.repeat(full)}${'-'.repeat(width - full)}]`;
  }

  function draw(force: boolean): void {
    if (finished) return;
    if (tty) {
      const t = now();
      if (!force && t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      // \r and "erase to end of line": the new line may be shorter than the one it replaces.
      stream.write(`\r${line()}\x1b[K`);
      return;
    }
    if (total <= 0) return;
    const tenth = Math.min(10, Math.floor((value / total) * 10));
    if (tenth > lastTenth) {
      lastTenth = tenth;
      if (tenth < 10) stream.write(`${line()}\n`);
    } else if (tenth < lastTenth) {
      // Went back (a download started over): report again from there.
      lastTenth = tenth;
    }
  }

  if (tty) draw(true);

  return {
    tick(n = 1) {
      value += n;
      if (n > 0) moved += n;
      draw(false);
    },
    set(v) {
      if (v > value) moved += v - value;
      value = v;
      draw(false);
    },
    done(message) {
      if (finished) return;
      const seconds = (now() - started) / 1000;
      const summary = message ?? `${label}  ${counts()} in ${formatSeconds(seconds)}${rate() ? `  (${rate()})` : ''}`;
      stream.write(tty ? `\r${summary}\x1b[K\n` : `${summary}\n`);
      finished = true;
    },
  };
}
