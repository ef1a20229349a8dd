// Content scripts ask for the verdict of one image of their own tab (the tab comes from the sender).
// What goes back is what the page's content script needs to draw: not the content hash, which would let a
// compromised page fingerprint bytes it cannot read itself (a cross-origin image).
import type { Handler } from '../../shared/dispatcher';
import { errorRecord } from '../../shared/verdicts';
import { attribute } from '../attribute';
import { refusalFor } from '../page-reach';

export const imageAttribute: Handler<'background', 'image.attribute'> = async (args, context) => {
  const refusal = refusalFor(context.url, args.url);
  if (refusal !== undefined) return errorRecord(refusal);
  const record = { ...(await attribute({ url: args.url, priority: args.priority, tab: context.tabId ?? -1 })) };
  delete record.hash;
  return record;
};
