// The background's handler table: one handler per message type, each in its own file.
import type { Handlers } from '../../shared/dispatcher';
import { cacheClear } from './cache-clear';
import { cacheStats } from './cache-stats';
import { detailsOpen } from './details-open';
import { engineStatus } from './engine-status';
import { headsExport } from './heads-export';
import { headsImport } from './heads-import';
import { headsRemove } from './heads-remove';
import { imageAttribute } from './image-attribute';
import { imageAttributeInTab } from './image-attribute-in-tab';
import { modelsRemove } from './models-remove';
import { modelsState } from './models-state';
import { modelsVerify } from './models-verify';
import { queueState } from './queue-state';
import { referencesAdd } from './references-add';
import { referencesDeleteClass } from './references-delete-class';
import { referencesExport } from './references-export';
import { referencesImport } from './references-import';
import { referencesRemove } from './references-remove';
import { referencesRename } from './references-rename';
import { referencesSetBase } from './references-set-base';
import { referencesState } from './references-state';
import { settingsGet } from './settings-get';
import { settingsUpdate } from './settings-update';
import { siteConfig } from './site-config';
import { tabCancel } from './tab-cancel';
import { testInstallModels } from './test-install-models';
import { verdictsJudge } from './verdicts-judge';
import { verdictsPreview } from './verdicts-preview';

export const backgroundHandlers: Handlers<'background'> = {
  'image.attribute': imageAttribute,
  'tab.cancel': tabCancel,
  'site.config': siteConfig,
  'details.open': detailsOpen,
  'image.attributeInTab': imageAttributeInTab,
  'settings.get': settingsGet,
  'settings.update': settingsUpdate,
  'engine.status': engineStatus,
  'queue.state': queueState,
  'cache.clear': cacheClear,
  'cache.stats': cacheStats,
  'verdicts.judge': verdictsJudge,
  'verdicts.preview': verdictsPreview,
  'models.state': modelsState,
  'models.verify': modelsVerify,
  'models.remove': modelsRemove,
  'heads.import': headsImport,
  'heads.export': headsExport,
  'heads.remove': headsRemove,
  'references.state': referencesState,
  'references.add': referencesAdd,
  'references.remove': referencesRemove,
  'references.rename': referencesRename,
  'references.deleteClass': referencesDeleteClass,
  'references.setBase': referencesSetBase,
  'references.export': referencesExport,
  'references.import': referencesImport,
  // esbuild replaces the flag with a constant and drops the installer from other bundles.
  ...(__ORIGINLENS_TEST_BUILD__ ? { 'test.installModels': testInstallModels } : {}),
};
