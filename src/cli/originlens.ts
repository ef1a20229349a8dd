// The `originlens` command line: one sub-command per file under commands/, loaded on demand so that
// `originlens metrics` does not pay for starting onnxruntime.
import { CliError, UsageError } from '../node/cli-error';
import { closestOption, helpOf, type CommandModule } from './command-help';
import { VERSION } from './version';

const commands: Record<string, () => Promise<CommandModule>> = {
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
    const listed = await Promise.all(Object.entries(commands).map(async ([n, c]) => `  ${n.padEnd(10)}${(await c()).summary}`));
    const help = name === undefined || name === 'help' || name === '--help' || name === '-h';
    const unknown = help ? '' : `originlens: unknown command "${name}"${suggestion(name!, Object.keys(commands))}\n\n`;
    (help ? process.stdout : process.stderr).write(
      `${unknown}Usage: originlens COMMAND [options]; originlens COMMAND --help says more.\n\nCommands:\n${listed.join('\n')}\n\n` +
        'Exit codes: 0 done; 1 done, but some images gave errors (their rows say why); 2 a mistake in the command; 70 an internal failure.\n',
    );
    return help ? 0 : 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(helpOf(name!, command));
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    throw usageMistake(err, name!, command) ?? err;
  }
}

const suggestion = (wrong: string, known: string[]) => {
  const close = closestOption(wrong, known);
  return close === undefined ? '' : `; did you mean "${close}"?`;
};

/** node:util's parseArgs errors, said as the person's mistake, with the option they probably meant. */
function usageMistake(err: unknown, name: string, command: CommandModule): UsageError | undefined {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return undefined;
  const known = Object.keys(command.options ?? {});
  const option = /'(-[^'\s]*)'/.exec((err as Error).message)?.[1];
  const help = `run \`originlens ${name} --help\` for its options)\nUsage: ${command.usage}`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) {
    const close = closestOption(option.replace(/^-+/, ''), known);
    return new UsageError(`${name} has no option ${option}${close === undefined ? '' : `; did you mean --${close}?`} (${help}`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return new UsageError(`${(err as Error).message.split('. ')[0]} (${help}`);
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return new UsageError(`${name} takes no ${(err as Error).message.match(/'[^']*'/)?.[0] ?? 'such argument'} there (${help}`);
  return new UsageError(`${(err as Error).message} (${help}`);
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
      process.stderr.write(
        `originlens: unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n` +
          'This is a bug in OriginLens, not a mistake of yours: please report it with the lines above and the command you ran.\n',
      );
      process.exitCode = 70;
    }
  },
);
