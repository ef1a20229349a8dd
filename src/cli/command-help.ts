// What `originlens COMMAND --help` prints, from what the command declares: its usage line, what it does,
// and every option with what it does and its default. The option table the help reads is the very one
// the command parses with, so neither can name an option the other lacks (test/cli-help.test.ts).
export interface OptionSpec {
  type: 'string' | 'boolean';
  default?: string | boolean;
  multiple?: boolean;
}

export interface CommandModule {
  usage: string;
  /** One line: what the command does. */
  summary: string;
  /** The options it parses, and a sentence on each. */
  options?: Record<string, OptionSpec>;
  describe?: Record<string, string>;
  /** A whole help text, for commands with sub-commands of their own. */
  help?: string;
  run(argv: string[]): Promise<number>;
}

export function helpOf(name: string, command: CommandModule): string {
  if (command.help !== undefined) return command.help;
  const options = Object.entries(command.options ?? {});
  const width = Math.max(0, ...options.map(([o]) => o.length)) + 4;
  const lines = options.map(([option, spec]) => {
    const what = command.describe?.[option] ?? '';
    const shown = spec.default === undefined || spec.default === false ? '' : ` (default: ${String(spec.default)})`;
    const repeat = spec.multiple ? ' May be given more than once.' : '';
    return `  --${option.padEnd(width - 2)}${what}${shown}${repeat}`;
  });
  return `Usage: ${command.usage}\n\n${command.summary}\n${lines.length > 0 ? `\nOptions:\n${lines.join('\n')}\n` : ''}\nRun \`originlens ${name} --help\` for this text, \`originlens --help\` for every command.\n`;
}

/** The known option closest to a misspelt one, when it is close enough to be what was meant. */
export function closestOption(wrong: string, known: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const next = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = row[j]!;
        row[j] = next;
      }
    }
    return row[b.length]!;
  };
  const plain = (s: string) => s.replace(/[-_]/g, '');
  const scored = known.map((k) => ({ k, d: distance(plain(wrong), plain(k)) })).sort((a, b) => a.d - b.d);
  const best = scored[0];
  return best && best.d <= Math.max(2, Math.floor(best.k.length / 3)) ? best.k : undefined;
}
