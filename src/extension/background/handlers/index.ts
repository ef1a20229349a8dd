// The background's handler table. A message whose handling is a call of one function goes straight to
// the module that does the work; one with more to do has a file of its own here.
import { clearCache, db } from '../../shared/db';
import type { Handlers } from '../../shared/dispatcher';
import { engine } from '../../shared/engine-link';
import { checkImageUrl } from '../../shared/protocol-validate';
import { attribute } from '../attribute';
import { cancelTab } from '../queue';
import { addReference } from '../references/add-reference';
import { deleteClass, removeExample, renameClass, setBase } from '../references/edit';
import { exportReferences } from '../references/export';
import { importReferences } from '../references/import';
import { referenceState } from '../references/state';
import { currentSettings } from '../storage';
import { thumbnailsFor } from '../thumbnails';
import { changeSettingsAndVerdicts } from '../verdicts-in-force';
import { detailsOpen } from './details-open';
import { headsExport } from './heads-export';
import { headsImport } from './heads-import';
import { headsRemove } from './heads-remove';
import { imageAttribute } from './image-attribute';
import { modelsRemove } from './models-remove';
import { modelsState } from './models-state';
import { modelsVerify } from './models-verify';
import { queueState } from './queue-state';
import { siteConfig } from './site-config';
import { testHook } from './test-hook';
import { testInstallModels } from './test-install-models';
import { verdictsPreview } from './verdicts-preview';

export const backgroundHandlers: Handlers<'background'> = {
  'image.attribute': imageAttribute,
  // A page that goes away (navigation, hidden tab) drops its queued jobs.
  'tab.cancel': async (_args, context) => ({ cancelled: context.tabId === undefined ? 0 : await cancelTab(context.tabId) }),
  'site.config': siteConfig,
  'details.open': detailsOpen,
  // Extension pages (the popup's "attribute all images") ask on behalf of a tab, at any priority.
  'image.attributeInTab': (args) => attribute({ url: checkImageUrl(args.url), priority: args.priority, tab: args.tabId }),
  'settings.get': () => currentSettings(),
  // Settings change only through here, checked field by field (settings.ts says what is acceptable); new
  // thresholds decide the stored verdicts again before the answer.
  'settings.update': (patch) => changeSettingsAndVerdicts(patch),
  // What the engine host runs on (WebGPU or WASM, and why), which models, and how many encoder runs so far.
  'engine.status': () => engine().call('engine.status', {}),
  'engine.measure': async ({ encoder }) => engine().call('engine.measure', { encoder, backend: (await currentSettings()).backend }),
  'engine.estimate': async ({ encoder }) => engine().call('engine.estimate', { encoder, backend: (await currentSettings()).backend }),
  'queue.state': queueState,
  // Empties the verdict cache (verdicts and URL links); models and heads stay.
  'cache.clear': () => clearCache(),
  'cache.stats': async () => ({ verdicts: await db().verdicts.count(), urls: await db().urls.count() }),
  'thumbnails.get': ({ urls }) => thumbnailsFor(urls),
  'verdicts.preview': verdictsPreview,
  'models.state': modelsState,
  'models.verify': modelsVerify,
  'models.remove': modelsRemove,
  // Made in the engine host (the conversion needs no page open, and the same code as the command line).
  'models.convert': ({ conversion }) => engine().call('engine.convert', { conversion }),
  'models.rewrite': ({ id }) => engine().call('engine.rewrite', { id }),
  'heads.import': headsImport,
  'heads.export': headsExport,
  'heads.remove': headsRemove,
  'references.state': () => referenceState(),
  // From extension pages only (the enrolment page, where the person typed the name): content scripts
  // cannot reach it, so a page cannot inject class names.
  'references.add': ({ url, label }) => addReference(url, label),
  'references.remove': ({ hash }) => removeExample(hash),
  'references.rename': ({ from, to }) => renameClass(from, to),
  'references.deleteClass': ({ label }) => deleteClass(label),
  'references.setBase': ({ head }) => setBase(head),
  'references.export': () => exportReferences(),
  'references.import': ({ file, resolution }) => importReferences(file, resolution),
  // esbuild replaces the flag with a constant and drops the installer from other bundles.
  ...(__ORIGINLENS_TEST_BUILD__ ? { 'test.installModels': testInstallModels, 'test.hook': testHook } : {}),
};
