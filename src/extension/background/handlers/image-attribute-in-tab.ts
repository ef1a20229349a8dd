// Extension pages (the popup's "attribute all images") ask on behalf of a tab, at any priority.
import type { Handler } from '../../shared/dispatcher';
import { checkImageUrl } from '../../shared/protocol-validate';
import { attribute } from '../attribute';

export const imageAttributeInTab: Handler<'background', 'image.attributeInTab'> = (args) =>
  attribute({ url: checkImageUrl(args.url), priority: args.priority, tab: args.tabId });
