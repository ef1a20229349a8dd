// Content scripts ask for the verdict of one image of their own tab (the tab comes from the sender).
import type { Handler } from '../../dispatcher';
import { attribute } from '../attribute';

export const imageAttribute: Handler<'background', 'image.attribute'> = (args, context) =>
  attribute({ url: args.url, priority: args.priority, tab: context.tabId ?? -1 });
