// The Firefox browser tests and the bench's firefox section drive Debian's Firefox ESR over WebDriver
// BiDi: installed with apt-get when missing (see build/debian-package.ts).
import { ensureDebianProgram } from './debian-package';

export const FIREFOX = '/usr/bin/firefox-esr';

ensureDebianProgram({ path: FIREFOX, pkg: 'firefox-esr', name: 'Firefox ESR' });
