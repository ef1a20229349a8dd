// Content Credentials, read and validated by the Content Authenticity Initiative's own reader (c2pa-rs
// compiled to WebAssembly, @contentauth/c2pa-wasm). Its .wasm is 9 MB: it is compiled only when a file
// carries a C2PA manifest store at all (a byte scan for its JUMBF label first), once per process, from the
// loader the host sets (the extension's own URL, or node_modules). The reader is told never to fetch: no
// remote manifest, no OCSP, no network host allowed, so an image's metadata makes no request leave the machine.
import initC2pa, { WasmReader } from '@contentauth/c2pa-wasm';
import type { WasmLoader } from '../image/wasm-source';
import { summariseManifestStore } from './c2pa-summary';
import type { Evidence, Finding } from './types';

// No trust list is loaded (c2pa-summary.ts says why), so checking signers against one would only ever say
// "untrusted": verify_trust off skips that walk (the signatures and hashes are still checked). CAWG identity
// assertions are not shown, so not decoded. Together they take a signed Photoshop JPEG from 160 to 38 ms
// (measured once each, in one process, on this project's 2-core machine).
const READER_SETTINGS = JSON.stringify({
  verify: { remote_manifest_fetch: false, ocsp_fetch: false, verify_trust: false },
  core: { allowed_network_hosts: [], decode_identity_assertions: false },
});

let loader: WasmLoader | undefined;
let ready: Promise<void> | undefined;

/** Sets where the C2PA reader's .wasm comes from (src/node/provenance-wasm.ts, engine-host/start.ts). */
export function setC2paWasmLoader(next: WasmLoader | undefined): void {
  if (next === loader) return;
  loader = next;
  ready = undefined;
}

function c2paReady(): Promise<void> {
  ready ??= (async () => {
    if (!loader) throw new Error('the Content Credentials reader has no .wasm loader set');
    const source = await loader();
    await initC2pa({ module_or_path: 'url' in source ? source.url : source.bytes });
  })().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

/** JUMBF's description box label of a manifest store, as bytes: "c2pa" followed by its terminating zero. */
const STORE_LABEL = [0x63, 0x32, 0x70, 0x61, 0x00];

/** Whether the bytes may hold a manifest store: a cheap scan, so files without one never load the reader. */
export function mayHoldCredentials(bytes: Uint8Array): boolean {
  for (let i = bytes.indexOf(0x63); i >= 0 && i <= bytes.length - STORE_LABEL.length; i = bytes.indexOf(0x63, i + 1)) {
    if (bytes[i + 1] === 0x32 && bytes[i + 2] === 0x70 && bytes[i + 3] === 0x61 && bytes[i + 4] === 0x00) return true;
  }
  return false;
}

/** The reader's MIME type for a format sniffed from the bytes (the reader wants one; never trust a name). */
function mimeOf(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes.length >= 12 && String.fromCharCode(...bytes.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') return 'image/webp';
  if (String.fromCharCode(...bytes.subarray(0, 3)) === 'GIF') return 'image/gif';
  return undefined;
}

export interface C2paRead {
  evidence: Evidence[];
  findings: Finding[];
  /** The whole manifest store as the reader gives it, for `originlens inspect`. */
  store?: unknown;
}

export async function readCredentials(bytes: Uint8Array): Promise<C2paRead> {
  if (!mayHoldCredentials(bytes)) return { evidence: [], findings: [] };
  const mime = mimeOf(bytes);
  if (!mime) return { evidence: [], findings: [] };
  await c2paReady();
  let reader: WasmReader;
  try {
    reader = await WasmReader.fromBytes(mime, bytes, READER_SETTINGS);
  } catch (error) {
    const reason = String(error instanceof Error ? error.message : error);
    if (reason.includes('JumbfNotFound')) return { evidence: [], findings: [] };
    const remote = /RemoteManifestUrl\("([^"]*)"\)/.exec(reason);
    if (remote) {
      return { evidence: [], findings: [{ where: 'C2PA', name: 'remote manifest', value: `the credentials are kept at ${remote[1]}; not fetched (no request leaves the machine for an image's metadata)` }] };
    }
    return { evidence: [{ source: 'unreadable', what: 'Content Credentials', reason: reason.replace(/^C2pa\(|\)$/g, '') }], findings: [] };
  }
  try {
    const store: unknown = JSON.parse(reader.json());
    const summary = summariseManifestStore(store);
    if (!summary) return { evidence: [{ source: 'unreadable', what: 'Content Credentials', reason: 'no active manifest' }], findings: [], store };
    return { evidence: [summary], findings: [], store };
  } finally {
    reader.free();
  }
}
