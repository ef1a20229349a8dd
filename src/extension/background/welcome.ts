// The welcome page: opened once when OriginLens is installed, and whenever a "no model" state leads a
// person to its one step. An open welcome tab is focused rather than opened twice.
import { browser } from '../shared/browser-api';

export async function openWelcome(): Promise<void> {
  const url = browser.runtime.getURL('welcome.html');
  const [open] = await browser.tabs.query({ url });
  if (open?.id !== undefined) await browser.tabs.update(open.id, { active: true });
  else await browser.tabs.create({ url });
}

export function welcomeOnInstall(details: { reason: string }): void {
  if (details.reason === 'install') void openWelcome();
}
