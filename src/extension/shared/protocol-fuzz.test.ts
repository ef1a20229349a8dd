// Fuzzing what a content script may send: random and malformed envelopes, wrong types, huge strings,
// prototype-pollution keys and extension-only requests, from a deterministic generator (a failure names
// its seed). Whatever arrives, the dispatcher answers with a Reply or leaves the message alone, never
// throws, never runs an extension-only handler for a page, and hands handlers only validated arguments.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Runtime } from './browser-api';
import { createDispatcher, type HandlerTable } from './dispatcher';
import { ERROR_CODES } from './errors';
import { CONTENT_CALLABLE, isEnvelope, type MessageType } from './protocol';
import { contentValidators, InvalidMessage, MAX_DATA_URL_LENGTH, MAX_URL_LENGTH } from './protocol-validate';

/** mulberry32: small, fast and seeded, so every run fuzzes the same cases. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['image.attribute', 'tab.cancel', 'site.config', 'details.open', 'image.attributeInTab', 'settings.get', 'settings.update', 'cache.clear', 'heads.import', 'heads.remove', 'models.remove', 'models.convert', 'models.rewrite', 'test.installModels', 'engine.attribute', 'engine.convert', 'engine.rewrite', 'verdict.ready', '__proto__', 'constructor', 'toString', 'hasOwnProperty', ''];
const TARGETS = ['background', 'engine-host', 'content', 'Background', '__proto__', ''];
const KEYS = ['url', 'priority', 'page', 'tabId', 'settings', 'autoBadgeSites', 'headId', '__proto__', 'constructor', 'prototype', 'polluted'];
const STRINGS = [
  'https://cdn.example/a.png',
  'http://127.0.0.1:9/x.png',
  'data:image/png;base64,iVBORw0KGgo=',
  'file:///etc/passwd',
  'chrome-extension://our-id/options.html',
  'javascript:alert(1)',
  'https://u:p@cdn.example/a.png',
  'visible',
  'click',
  'background',
  'popup',
  'options',
  `https://cdn.example/${'x'.repeat(MAX_URL_LENGTH)}`,
  `data:image/png;base64,${'A'.repeat(MAX_DATA_URL_LENGTH)}`,
  '\u0000\ud800',
];

function value(r: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  switch (Math.floor(r() * (depth > 2 ? 6 : 8))) {
    case 0:
      return null;
    case 1:
      return pick([0, -1, 1e308, Number.NaN, 2 ** 53, 7]);
    case 2:
      return r() < 0.5;
    case 3:
    case 4:
      return pick(STRINGS);
    case 5:
      return undefined;
    case 6:
      return Array.from({ length: Math.floor(r() * 3) }, () => value(r, depth + 1));
    default: {
      // JSON.parse makes "__proto__" an own key, as a structured-cloned message would.
      const entries = Array.from({ length: Math.floor(r() * 4) }, () => `${JSON.stringify(pick(KEYS))}:${JSON.stringify(value(r, depth + 1)) ?? 'null'}`);
      return JSON.parse(`{${entries.join(',')}}`) as unknown;
    }
  }
}

function envelope(r: () => number): unknown {
  const roll = r();
  if (roll < 0.05) return value(r, 0);
  const m: Record<string, unknown> = { target: r() < 0.8 ? 'background' : TARGETS[Math.floor(r() * TARGETS.length)], type: TYPES[Math.floor(r() * TYPES.length)] };
  if (r() < 0.9) m.args = r() < 0.3 ? validArgs(m.type as string, r) : value(r, 0);
  if (r() < 0.1) m.type = value(r, 1);
  return JSON.parse(JSON.stringify(m) ?? 'null') as unknown;
}

/** Arguments that pass, sometimes with one key too many, so the fuzz reaches the handlers too. */
function validArgs(type: string, r: () => number): unknown {
  const base: Record<string, unknown> =
    type === 'image.attribute' ? { url: STRINGS[Math.floor(r() * 3)], priority: r() < 0.5 ? 'visible' : 'background' } : type === 'details.open' ? { page: 'popup' } : {};
  if (r() < 0.3) return JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(base).slice(1)}`.replace(',}', '}')) as unknown;
  return base;
}

const self = { id: 'our-id', origin: 'chrome-extension://our-id/' };
const contentScript: Runtime.MessageSender = { id: 'our-id', url: 'https://news.example/page', tab: { id: 7, index: 0, highlighted: false, active: true, pinned: false, incognito: false }, frameId: 0 };

test('fuzzed content-script messages: a Reply or nothing, only content-callable handlers, only validated arguments', async () => {
  const calls: { type: string; args: unknown }[] = [];
  const record = <K extends MessageType<'background'>>(type: K) =>
    (async (args: unknown) => {
      calls.push({ type, args });
      return null;
    }) as unknown as NonNullable<HandlerTable<'background'>[K]>;
  // Every background request has a handler here, so an extension-only one reached by a page would show.
  const handlers: HandlerTable<'background'> = Object.fromEntries(TYPES.map((t) => [t, record(t as MessageType<'background'>)]));
  const dispatch = createDispatcher('background', handlers, self);
  const r = rng(20261122);
  let answered = 0;
  for (let i = 0; i < 5000; i++) {
    const raw = envelope(r);
    calls.length = 0;
    const reply = await dispatch(raw, contentScript);
    if (reply === undefined) {
      // Left alone only when it is not a message for the background at all.
      assert.ok(!isEnvelope(raw) || raw.target !== 'background', `case ${i} went unanswered`);
      continue;
    }
    answered++;
    assert.equal(typeof reply.ok, 'boolean', `case ${i}`);
    if (!reply.ok) {
      assert.ok((ERROR_CODES as readonly string[]).includes(reply.error.code), `case ${i}: code ${reply.error.code}`);
      assert.equal(typeof reply.error.message, 'string', `case ${i}`);
    }
    for (const call of calls) {
      assert.ok((CONTENT_CALLABLE as readonly string[]).includes(call.type), `case ${i}: a page reached ${call.type}`);
      const args = call.args as Record<string, unknown>;
      assert.equal(Object.getPrototypeOf(args), Object.prototype, `case ${i}: arguments are plain objects`);
      assert.ok(!Object.hasOwn(args, '__proto__') && !Object.hasOwn(args, 'polluted'), `case ${i}: no foreign keys reached ${call.type}`);
      if (call.type === 'image.attribute') assert.match(String(args.url), /^(https?:\/\/|data:image\/)/, `case ${i}`);
    }
  }
  assert.ok(answered > 3000, `most cases reach the dispatcher (${answered})`);
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
});

test('each validator throws only InvalidMessage, whatever it is given, and returns only the keys it knows', () => {
  const r = rng(7);
  const known: Record<string, string[]> = { 'image.attribute': ['url', 'priority'], 'tab.cancel': [], 'site.config': [], 'details.open': ['page'] };
  for (const type of CONTENT_CALLABLE) {
    for (let i = 0; i < 2000; i++) {
      const raw = i % 3 === 0 ? validArgs(type, r) : value(r, 0);
      let out: unknown;
      try {
        out = contentValidators[type](raw);
      } catch (error) {
        assert.ok(error instanceof InvalidMessage, `${type} case ${i}: ${String(error)}`);
        continue;
      }
      assert.deepEqual(Object.keys(out as object).sort(), [...known[type]!].sort(), `${type} case ${i}`);
    }
  }
});
