// The rules that turn a manifest store into what a person is told, on stores shaped as the C2PA reader
// gives them (the real signed files are in read-provenance.test.ts; these cover what they do not).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summariseManifestStore } from './c2pa-summary';
import { describeProvenance } from './provenance-text';

const DST = 'http://cv.iptc.org/newscodes/digitalsourcetype/';
const store = (actions: object[], extra: object = {}) => ({
  active_manifest: 'urn:c2pa:1',
  manifests: {
    'urn:c2pa:1': {
      claim_generator_info: [{ name: 'Image Creator', version: '1.0' }],
      signature_info: { issuer: 'Example Generator Co', common_name: 'signer' },
      assertions: [{ label: 'c2pa.actions.v2', data: { actions } }],
    },
  },
  validation_state: 'Valid',
  ...extra,
});

test('created by a trained model: "created with" the tool that says so', () => {
  const made = summariseManifestStore(store([{ action: 'c2pa.created', digitalSourceType: `${DST}trainedAlgorithmicMedia`, softwareAgent: { name: 'DALL·E' } }]));
  assert.deepEqual(made, { source: 'c2pa', state: 'valid', app: 'Image Creator', signer: 'Example Generator Co', origin: 'generated', aiTool: 'DALL·E', ai: true });
  assert.deepEqual(describeProvenance([made!]), {
    kind: 'ai-declared',
    detail: 'Content Credentials: created with DALL·E (signed by Example Generator Co, per its certificate; signature valid).',
  });
});

test('a trained-media creation without a named agent is credited to the app that signed', () => {
  const made = summariseManifestStore(store([{ action: 'c2pa.created', digitalSourceType: `${DST}trainedAlgorithmicMedia` }]));
  assert.equal(describeProvenance([made!]).detail, 'Content Credentials: created with Image Creator (signed by Example Generator Co, per its certificate; signature valid).');
});

test('invalid credentials are invalid whatever they claim, and say which check failed', () => {
  const broken = summariseManifestStore(
    store([{ action: 'c2pa.created', digitalSourceType: `${DST}trainedAlgorithmicMedia` }], {
      validation_state: 'Invalid',
      validation_results: { activeManifest: { failure: [{ code: 'signingCredential.untrusted' }, { code: 'assertion.action.malformed', explanation: 'bad' }] } },
    }),
  );
  assert.equal(broken?.state, 'invalid');
  assert.deepEqual(describeProvenance([broken!]), { kind: 'invalid', detail: 'Content Credentials present, but they do not validate (assertion.action.malformed).' });
});

test('a store without an active manifest, or not a store at all, gives nothing', () => {
  assert.equal(summariseManifestStore({ manifests: {} }), undefined);
  assert.equal(summariseManifestStore('junk'), undefined);
  assert.equal(summariseManifestStore({ active_manifest: 'x', manifests: { x: 'not an object' } }), undefined);
});

test('a declaration of AI anywhere outranks valid credentials that do not say so, and both are told', () => {
  const edit = summariseManifestStore(store([{ action: 'c2pa.opened' }]))!;
  const p = describeProvenance([edit, { source: 'iptc', digitalSourceType: 'trainedAlgorithmicMedia', ai: true }]);
  assert.equal(p.kind, 'ai-declared');
  assert.equal(p.detail, 'Content Credentials: edited in Image Creator (signed by Example Generator Co, per its certificate; signature valid). Declared AI-generated (IPTC digital source type trainedAlgorithmicMedia).');
});
