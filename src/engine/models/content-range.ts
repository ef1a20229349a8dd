// The one HTTP header both model downloaders (the command line's and the extension's) must read the same
// way when they resume: which bytes a 206 answer carries.

/** `bytes 100-199/200` → { start: 100, total: 200 } (total NaN when `*`). */
export function parseContentRange(header: string | null): { start: number; total: number } | undefined {
  const m = /^bytes\s+(\d+)-\d+\/(\d+|\*)$/i.exec(header?.trim() ?? '');
  if (!m) return undefined;
  return { start: Number(m[1]), total: m[2] === '*' ? NaN : Number(m[2]) };
}
