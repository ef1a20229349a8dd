// Firefox test builds only. WebDriver BiDi does not reach extension contexts in Firefox (bug 1755014: the
// background page, the popup and the options page are invisible to it), so the Firefox tests embed this
// page in a test page on 127.0.0.1 and ask it, by postMessage, to call the background's test hooks
// (background/test-hooks.ts) for them. A frame like this one reaches the background by message only:
// Firefox gives extension pages embedded in web pages neither tabs nor runtime.getBackgroundPage.
import { send } from '../shared/messaging';
import type { BridgeReply, BridgeRequest } from './protocol';

addEventListener('message', (event: MessageEvent<BridgeRequest>) => {
  if (event.source !== parent || event.data?.op !== 'hook') return;
  const { id, object, method, args } = event.data;
  const reply = (r: BridgeReply) => parent.postMessage(r, '*');
  // A message wakes a suspended event page, as any extension event does.
  send('background', 'test.hook', { object, method, args }).then(
    (value) => reply({ id, ok: true, value }),
    (error: unknown) => reply({ id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
parent.postMessage({ bridge: 'ready' }, '*');
