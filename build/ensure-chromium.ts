// The Chromium browser tests drive Debian's Chromium: installed with apt-get when missing (see
// build/debian-package.ts).
import { ensureDebianProgram } from './debian-package';

export const CHROMIUM = '/usr/bin/chromium';

ensureDebianProgram({ path: CHROMIUM, pkg: 'chromium', name: 'Chromium' });
