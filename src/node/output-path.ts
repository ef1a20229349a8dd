// Where a command will write, made ready before any work starts: its folder created, and checked for
// writing, so that a mistake in an output path never costs the work done before it is found.
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CliError } from './cli-error';

export async function prepareOutput(path: string, option: string): Promise<void> {
  const folder = dirname(resolve(path));
  const why = (err: unknown) => ((err as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (err as Error).message);
  if ((await stat(path).catch(() => undefined))?.isDirectory()) throw new CliError(`${option} ${path} is a folder; give a file name`, 2);
  try {
    await mkdir(folder, { recursive: true });
  } catch (err) {
    throw new CliError(`${option} ${path}: cannot create the folder ${folder} (${why(err)})`, 2);
  }
  try {
    await access(folder, constants.W_OK);
  } catch (err) {
    throw new CliError(`${option} ${path}: cannot write in ${folder} (${why(err)})`, 2);
  }
}
