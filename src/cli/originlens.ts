// The `originlens` command line: one sub-command per file under commands/, loaded on demand so that
// `originlens metrics` does not pay for starting onnxruntime.
import { CliError } from '../node/cli-error';
import { VERSION } from './version';

type Command = { run(argv: string[]): Promise<number>; usage: string };

const commands: Record<string, () => Promise<Command>> = {
  attribute: () => import('./commands/attribute'),
  train: () => import('./commands/train'),
  metrics: () => import('./commands/metrics'),
  models: () => import('./commands/models'),
  inspect: () => import('./commands/inspect'),
  heads: () => import('./commands/heads'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const load = name === undefined ? undefined : commands[name];
  if (!load) {
    const usages = await Promise.all(Object.values(commands).map(async (c) => (await c()).usage));
    const help = name === undefined || name === 'help' || name === '--help' || name === '-h';
    (help ? process.stdout : process.stderr).write(
      `${help ? '' : `originlens: unknown command "${name}"\n\n`}Usage:\n${usages.map((u) => `  ${u}`).join('\n')}\n`,
    );
    return help ? 0 : 2;
  }
  return (await load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof CliError) {
      process.stderr.write(`originlens: ${err.message}\n`);
      process.exitCode = err.code;
    } else {
      process.stderr.write(`originlens: unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 70;
    }
  },
);
