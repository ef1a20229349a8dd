// A page that goes away (navigation, hidden tab) drops its queued jobs.
import type { Handler } from '../../shared/dispatcher';
import { cancelTab } from '../queue';

export const tabCancel: Handler<'background', 'tab.cancel'> = async (_args, context) => ({
  cancelled: context.tabId === undefined ? 0 : await cancelTab(context.tabId),
});
