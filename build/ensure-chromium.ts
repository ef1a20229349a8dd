// The browser tests drive Debian's Chromium. This makes sure it is there: installed with apt-get when
// missing and allowed (root), otherwise a clear message. Test tools' own browser downloads are not used.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

if (!existsSync(CHROMIUM)) {
  const root = process.getuid?.() === 0;
  const apt = existsSync('/usr/bin/apt-get');
  if (!root || !apt) {
    process.stderr.write(
      `The browser tests need Chromium at ${CHROMIUM}, which is missing.\n` +
        `Install it (Debian/Ubuntu: \`sudo apt-get install chromium\`) and run the tests again.\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`Installing Chromium (${CHROMIUM} is missing)\n`);
  if (!run('apt-get', ['update', '-qq']) || !run('apt-get', ['install', '-y', '-qq', 'chromium']) || !existsSync(CHROMIUM)) {
    process.stderr.write(`Installing Chromium with apt-get failed; install the "chromium" package and run the tests again.\n`);
    process.exit(1);
  }
}
