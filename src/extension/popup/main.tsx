// The popup. Opened from the toolbar it shows the active tab; `popup.html?tab=ID` shows tab ID, which is
// how the end-to-end tests open it in a tab of its own (a toolbar popup cannot be opened from a test).
import { render } from 'preact';
import { browser } from '../shared/browser-api';
import { Popup } from './Popup';

async function targetTab(): Promise<number | undefined> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

void targetTab().then((tabId) => render(<Popup tabId={tabId} />, document.getElementById('app')!));
