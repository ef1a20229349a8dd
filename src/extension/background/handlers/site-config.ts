// A content script's view of the settings: only what concerns its own page, whose URL comes from the
// browser (the sender), so a page can neither read another site's settings nor change any.
import type { Handler } from '../../shared/dispatcher';
import { autoBadgesFor } from '../../shared/sites';
import { activeModels } from '../active-models';
import { currentSettings } from '../storage';

export const siteConfig: Handler<'background', 'site.config'> = async (_args, context) => {
  const settings = await currentSettings();
  const models = await activeModels(settings);
  return {
    autoBadges: context.url !== undefined && autoBadgesFor(settings.autoBadgeSites, context.url),
    minImageSize: settings.minImageSize,
    modelReady: !('missing' in models),
    provenance: settings.provenance,
  };
};
