// Every message the extension's contexts exchange, in one place. A message names its `target` (the
// context that must answer it) and its `type`; the argument and result types follow from those two, so a
// sender cannot pass the wrong arguments nor misread the answer. Every reply is a Reply<T>.
//
// Who may send what is part of the protocol: the requests in BackgroundFromContent are the only ones a
// content script (code running inside a page we do not trust) may make, and their arguments are checked
// at run time by protocol-validate.ts. Everything else answers extension pages only.
import type { AnyHeadPack } from '../../engine/head/head-pack';
import type { Thresholds } from '../../engine/head/score';
import type { ConversionEntry } from '../../engine/models/registry';
import type { Provenance } from '../../engine/provenance/types';
import type { Verdict, VerdictKind } from '../../engine/types';
import type { WireError } from './errors';
import type { Backend, BackendChoice, ProvenanceMode, Settings, SettingsPatch } from './settings';
import type { EnrolResult, ImportOutcome, ImportResolution, ReferenceExport, ReferenceState, TrainingOutcome } from './references/types';

/** How soon an image should be attributed: a right-click first, then images on screen, then the rest. */
export const PRIORITIES = ['click', 'visible', 'background'] as const;
export type Priority = (typeof PRIORITIES)[number];
/** The priorities a content script may ask for: "click" belongs to the context menu. */
export const CONTENT_PRIORITIES = ['visible', 'background'] as const satisfies readonly Priority[];
export type ContentPriority = (typeof CONTENT_PRIORITIES)[number];

// The backend types live with the settings that choose one; re-exported for the messages that carry them.
export type { Backend, BackendChoice } from './settings';

/** A verdict as the extension keeps and shows it. */
export interface VerdictRecord {
  verdict: Verdict;
  /** SHA-256 of the image bytes; absent when the bytes could not be had (network errors). */
  hash?: string;
  /** The runtime that made it, e.g. `onnxruntime-web/webgpu`; absent for cache hits of errors and fetch errors. */
  runtime?: string;
  /** True when no inference ran for this answer (found by URL or by content hash). */
  cached: boolean;
  /** What the file declares about its origin, cached by content hash; absent when the bytes could not be had. */
  provenance?: Provenance;
}

/** An image to attribute: an http(s) URL, or a data: URL (content scripts turn blob: images into one). */
export interface AttributeArgs {
  url: string;
  priority: ContentPriority;
}

/** A time per image estimated before install: a timed slice of the encoder, scaled by compute. */
export interface TimeEstimate {
  /** The estimate for one image, in ms. */
  ms: number;
  /** The slice (patch convolution and one block, full width and image size) as timed here, in ms. */
  sliceMs: number;
  /** The whole encoder's floating-point operations over the slice's. */
  ratio: number;
  /** The whole encoder's blocks. */
  layers: number;
  backend: Backend;
}

export interface EngineStatus {
  /** The backend in use once the encoder is loaded; absent before the first load. */
  backend?: Backend;
  /** Why WebGPU is not in use (or would not be, before the first load), when it is not. */
  webgpuUnavailable?: string;
  /** What the WebGPU adapter says it is, when there is one. */
  adapter?: string;
  encoder?: string;
  head?: string;
  /** Images the encoder ran on since the engine host started: the cost the caches exist to avoid. */
  runs: number;
  /** Runs of the encoder over those images: fewer when images ready together were encoded as one batch. */
  batches: number;
}

export interface QueueState {
  queued: number;
  running: number;
  byTab: Record<string, number>;
}

export interface InstalledModels {
  encoder: string;
  head: string;
}

/**
 * A job the background hands the engine host. An empty encoder asks for the file's provenance only (no
 * model installed, or the person chose provenance only); `reason` is then the verdict's error sentence.
 */
export interface EngineJob {
  url: string;
  reason?: string;
  encoder: string;
  head: string;
  backend: BackendChoice;
  /** The verdict cache's bound, from the settings (the engine host cannot read them itself). */
  cacheMaxVerdicts: number;
  /** The person's thresholds, which a new verdict is decided under (the engine host cannot read the settings). */
  thresholds: Settings['thresholds'];
  headLlr: Settings['headLlr'];
}

/** An image the content script found on its page, as the popup lists it. */
export interface PageImage {
  url: string;
  width: number;
  height: number;
  visible: boolean;
  state: 'waiting' | 'queued' | 'done';
  record?: VerdictRecord;
}

/** How many cached verdicts fall in each kind. */
/** How many verdicts of each kind. */
export type VerdictCounts = Record<VerdictKind, number>;

/** The options page's preview: the cached verdicts of the active head, judged now and with other thresholds. */
export interface ThresholdPreview {
  /** Absent when no head is active. */
  head?: { id: string; name: string; defaults: Thresholds };
  current: Thresholds;
  proposed: Thresholds;
  before: VerdictCounts;
  after: VerdictCounts;
  /** The heads combined with the active one, each with its own LLR threshold (the person's may replace it). */
  combined?: { id: string; name: string; own: number }[];
}

export interface InstalledEncoder {
  id: string;
  name: string;
  bytes: number;
  sha256: string;
  test: boolean;
  installedAt: number;
}

export interface InstalledHead {
  id: string;
  name: string;
  /** A detector (one logit: synthetic or real) or an attribution head (real and named generators). */
  kind: AnyHeadPack['kind'];
  encoder: string;
  /** An attribution head's classes; none for a detector. */
  classes: string[];
  defaults: Thresholds;
  trainedOn: string;
  installedAt: number;
}

export interface ModelsState {
  encoders: InstalledEncoder[];
  heads: InstalledHead[];
  /** The head verdicts are made with, when one can be used. */
  active?: { encoder: string; head: string };
  /** Why no verdict can be made, in words for the person, when none can. */
  missing?: string;
  /** A test build, where test models may make verdicts (always labelled as such). */
  testBuild: boolean;
}

/** What a page's content script may know of the settings: only what concerns its own site. */
export interface SiteConfig {
  /** Every large enough image of this site gets a badge as it scrolls into view. */
  autoBadges: boolean;
  /** Images smaller than this (CSS pixels, either side) are left alone: icons, avatars, spacers. */
  minImageSize: number;
  /** Whether an encoder and head are installed; without them every surface leads to the options page. */
  modelReady: boolean;
  /** Whether files' own declarations are shown beside the verdict, hidden, or shown alone. */
  provenance: ProvenanceMode;
}

interface Def<A, R> {
  args: A;
  result: R;
}

/** Requests content scripts may send to the background (extension pages may send them too). */
export interface BackgroundFromContent {
  /** Attribute one image of the sender's tab; answers once the verdict exists. */
  'image.attribute': Def<AttributeArgs, VerdictRecord>;
  /** Drop every queued job of the sender's tab (the page navigated away or was hidden). */
  'tab.cancel': Def<Record<string, never>, { cancelled: number }>;
  /** The settings for the sender's own page, whose URL the browser gives, never the message. Read-only. */
  'site.config': Def<Record<string, never>, SiteConfig>;
  /** A click on a badge or overlay: the popup (a verdict's details) or the options page (no model). */
  'details.open': Def<{ page: 'popup' | 'options' | 'welcome' }, null>;
}

/** Requests only extension pages (popup, options, offscreen document) may send to the background. */
export interface BackgroundFromExtension {
  'image.attributeInTab': Def<{ url: string; tabId: number; priority: Priority }, VerdictRecord>;
  'settings.get': Def<Record<string, never>, Settings>;
  'settings.update': Def<SettingsPatch, Settings>;
  'engine.status': Def<Record<string, never>, EngineStatus>;
  /** How long one image takes with an installed encoder on this machine (the welcome page shows it). */
  'engine.measure': Def<{ encoder: string }, { ms: number; backend: Backend }>;
  /** How long one image would take with an encoder not yet installed, estimated on this machine. */
  'engine.estimate': Def<{ encoder: string }, TimeEstimate>;
  'queue.state': Def<Record<string, never>, QueueState>;
  'cache.clear': Def<Record<string, never>, { verdicts: number; urls: number }>;
  'cache.stats': Def<Record<string, never>, { verdicts: number; urls: number }>;
  /**
   * The popup's thumbnails by image URL (PNG data: URLs at most 48 pixels a side, drawn by the engine host
   * from the pixels it decoded and kept with the verdict), since an extension page (cross-origin isolated)
   * cannot load other origins' images. URLs with none are left out. Extension pages only: a page's content
   * script gets neither pixels nor hashes of what it cannot read itself.
   */
  'thumbnails.get': Def<{ urls: string[] }, Record<string, string>>;
  /** How the cached verdicts would change under other thresholds (null: the head's own). */
  'verdicts.preview': Def<{ thresholds: Settings['thresholds']; headLlr?: Settings['headLlr'] }, ThresholdPreview>;
  'models.state': Def<Record<string, never>, ModelsState>;
  /** Hashes an installed encoder's stored bytes again and compares them with its pinned SHA-256. */
  'models.verify': Def<{ id: string }, { id: string; sha256: string; ok: boolean }>;
  /** Removes an encoder and the heads that belong to it. */
  'models.remove': Def<{ id: string }, { heads: number }>;
  /**
   * Converts a registry conversion's checkpoint, once its download is kept and checked (ui/conversion-install.ts
   * downloads it), into an installed encoder. The engine host's conversion progress is in the download's row.
   */
  'models.convert': Def<{ conversion: ConversionEntry }, InstalledEncoder>;
  /** Adds `pooled` and every block's class token to an installed pinned export, installed as `<id>-blocks`. */
  'models.rewrite': Def<{ id: string }, InstalledEncoder>;
  /** A head pack file's content, checked and bound to its installed encoder. */
  'heads.import': Def<{ pack: unknown; source: string }, InstalledHead>;
  'heads.export': Def<{ id: string }, AnyHeadPack>;
  'heads.remove': Def<{ id: string }, null>;
  /** Test builds only: installs the committed test encoder and a test head. Other builds answer "unknown". */
  'test.installModels': Def<Record<string, never>, InstalledModels>;
  /**
   * Test builds only: calls `globalThis[object][method](...args)` in the background, one of the test hooks
   * the background or the engine host exposes there, for the Firefox tests, which cannot evaluate in the
   * background page (src/extension/test-bridge/main.ts says why).
   */
  'test.hook': Def<{ object: string; method: string; args: unknown[] }, unknown>;
  /** The person's reference set of the active encoder, with thumbnails. */
  'references.state': Def<Record<string, never>, ReferenceState>;
  /** Enrols an image (fetched and encoded by the engine host) under a class, then retrains. */
  'references.add': Def<{ url: string; label: string }, { example: EnrolResult; training: TrainingOutcome }>;
  'references.remove': Def<{ hash: string }, TrainingOutcome>;
  /** Renames a class; renaming onto an existing name merges the two. */
  'references.rename': Def<{ from: string; to: string }, TrainingOutcome>;
  'references.deleteClass': Def<{ label: string }, TrainingOutcome>;
  /** The imported head the person's classes extend, or null to stand alone. */
  'references.setBase': Def<{ head: string | null }, TrainingOutcome>;
  'references.export': Def<Record<string, never>, ReferenceExport>;
  /** Without a resolution, conflicts are reported and nothing is written. */
  'references.import': Def<{ file: unknown; resolution?: ImportResolution }, ImportOutcome>;
}

/** Requests the background sends the engine host (offscreen document; on Firefox a direct call). */
export interface EngineHostRequests {
  'engine.attribute': Def<EngineJob, VerdictRecord>;
  'engine.status': Def<Record<string, never>, EngineStatus>;
  /** Forget the loaded encoder and head: the next job loads them again (models or backend changed). */
  'engine.reset': Def<Record<string, never>, EngineStatus>;
  /** Fetches, hashes, encodes (or finds the features of) an image and stores it in the reference set. */
  'engine.enrol': Def<{ url: string; encoder: string; label: string; backend: BackendChoice; cacheMaxVerdicts: number }, EnrolResult>;
  /** Trains a head from the encoder's reference set (and its base), stores it; the background activates it. */
  'engine.retrain': Def<{ encoder: string }, TrainingOutcome>;
  /** Times the installed encoder on this machine: the median of a few runs on a made image, after a warm-up. */
  'engine.measure': Def<{ encoder: string; backend: BackendChoice }, { ms: number; backend: Backend }>;
  /** The conversion and the rewrite of models.convert and models.rewrite, made with the engine's own code. */
  'engine.convert': Def<{ conversion: ConversionEntry }, InstalledEncoder>;
  'engine.rewrite': Def<{ id: string }, InstalledEncoder>;
  /** Times a one-block slice of an encoder's shape (random weights) and scales it by the whole encoder's compute. */
  'engine.estimate': Def<{ encoder: string; backend: BackendChoice }, TimeEstimate>;
}

/** Messages the background sends to the content scripts of a tab. */
export interface ContentRequests {
  'verdict.ready': Def<{ url: string; record: VerdictRecord }, null>;
  /** The images of the page, for the popup. */
  'page.images': Def<Record<string, never>, PageImage[]>;
  /** The popup's "attribute all images on this page". */
  'page.attributeAll': Def<Record<string, never>, { queued: number }>;
  /** The settings changed: content scripts ask for their site.config again. */
  'settings.changed': Def<Record<string, never>, null>;
}

export interface Protocol {
  background: BackgroundFromContent & BackgroundFromExtension;
  'engine-host': EngineHostRequests;
  content: ContentRequests;
}

export type Target = keyof Protocol;
/** Messages only test builds answer (their handlers are left out of other bundles). */
export type TestOnlyMessage = 'test.installModels' | 'test.hook';
export type MessageType<T extends Target> = keyof Protocol[T] & string;
type DefOf<T extends Target, K extends MessageType<T>> = Protocol[T][K] extends Def<infer A, infer R> ? Def<A, R> : never;
export type Args<T extends Target, K extends MessageType<T>> = DefOf<T, K>['args'];
export type Result<T extends Target, K extends MessageType<T>> = DefOf<T, K>['result'];

export interface Message<T extends Target = Target, K extends MessageType<T> = MessageType<T>> {
  target: T;
  type: K;
  args: Args<T, K>;
}

/** A handler's value, or its error as a code and a sentence (errors.ts). */
export type Reply<R> = { ok: true; value: R } | { ok: false; error: WireError };

export const CONTENT_CALLABLE = ['image.attribute', 'tab.cancel', 'site.config', 'details.open'] as const satisfies readonly (keyof BackgroundFromContent)[];

export function isContentCallable(type: string): type is keyof BackgroundFromContent {
  return (CONTENT_CALLABLE as readonly string[]).includes(type);
}

/** The envelope of any message: what every context checks before looking further. */
export function isEnvelope(raw: unknown): raw is { target: string; type: string; args: unknown } {
  if (typeof raw !== 'object' || raw === null) return false;
  const m = raw as Record<string, unknown>;
  return typeof m.target === 'string' && typeof m.type === 'string' && 'args' in m;
}
