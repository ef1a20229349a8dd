// Evaluating an expression in the offscreen document, which playwright does not list as a page: through
// the DevTools protocol's target messages.
import type { ExtensionBrowser } from './browser';

export async function evaluateInOffscreen(browser: ExtensionBrowser, expression: string): Promise<unknown> {
  const page = await browser.context.newPage();
  try {
    const cdp = await browser.context.newCDPSession(page);
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t) => t.url.endsWith('/offscreen.html'));
    if (!target) throw new Error('no offscreen document');
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    const answer = new Promise<string>((resolve) => {
      cdp.on('Target.receivedMessageFromTarget', (event) => {
        if (event.sessionId === sessionId && (JSON.parse(event.message) as { id?: number }).id === 1) resolve(event.message);
      });
    });
    const message = { id: 1, method: 'Runtime.evaluate', params: { expression, awaitPromise: true, returnByValue: true } };
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify(message) });
    const reply = JSON.parse(await answer) as { result?: { result?: { value?: unknown }; exceptionDetails?: { text: string } } };
    if (reply.result?.exceptionDetails) throw new Error(reply.result.exceptionDetails.text);
    return reply.result?.result?.value;
  } finally {
    await page.close();
  }
}
