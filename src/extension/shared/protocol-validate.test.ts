import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkImageUrl, contentValidators, MAX_DATA_URL_LENGTH, MAX_URL_LENGTH } from './protocol-validate';

test('http(s) image URLs pass, normalised', () => {
  assert.equal(checkImageUrl('https://cdn.example/a b.png'), 'https://cdn.example/a%20b.png');
  assert.equal(checkImageUrl('http://127.0.0.1:8080/x.png'), 'http://127.0.0.1:8080/x.png');
});

test('other schemes, credentials, non-strings and overlong URLs are refused', () => {
  for (const bad of ['file:///etc/passwd', 'chrome://settings', 'javascript:alert(1)', 'blob:https://a.example/123', 'ftp://a.example/x.png']) {
    assert.throws(() => checkImageUrl(bad), /not accepted/, bad);
  }
  assert.throws(() => checkImageUrl('https://user:pw@a.example/x.png'), /credentials/);
  assert.throws(() => checkImageUrl(42), /expected a string/);
  assert.throws(() => checkImageUrl('not a url'), /not a URL/);
  assert.throws(() => checkImageUrl(`https://a.example/${'x'.repeat(MAX_URL_LENGTH)}`), /longer than/);
});

test('data: URLs must be base64 and small', () => {
  assert.equal(checkImageUrl('data:image/png;base64,iVBORw0KGgo='), 'data:image/png;base64,iVBORw0KGgo=');
  assert.throws(() => checkImageUrl('data:text/html,<script>alert(1)</script>'), /base64/);
  assert.throws(() => checkImageUrl(`data:image/png;base64,${'A'.repeat(MAX_DATA_URL_LENGTH)}`), /longer than/);
});

test('image.attribute takes exactly a URL and a page priority', () => {
  assert.deepEqual(contentValidators['image.attribute']({ url: 'https://a.example/x.png', priority: 'visible' }), { url: 'https://a.example/x.png', priority: 'visible' });
  // "click" belongs to the context menu: a page cannot jump the queue with it.
  assert.throws(() => contentValidators['image.attribute']({ url: 'https://a.example/x.png', priority: 'click' }), /priority/);
  assert.throws(() => contentValidators['image.attribute']({ url: 'https://a.example/x.png', priority: 'visible', tabId: 3 }), /unexpected tabId/);
  assert.throws(() => contentValidators['image.attribute'](null), /expected an object/);
});

test('tab.cancel takes no arguments: the tab is the sender\'s', () => {
  assert.deepEqual(contentValidators['tab.cancel']({}), {});
  assert.throws(() => contentValidators['tab.cancel']({ tabId: 9 }), /unexpected/);
});

test('site.config takes no arguments: the site is the sender\'s own page', () => {
  assert.deepEqual(contentValidators['site.config']({}), {});
  // A page cannot ask about another site.
  assert.throws(() => contentValidators['site.config']({ url: 'https://other.example/' }), /unexpected url/);
});

test('details.open opens only the popup, the options page or the welcome page', () => {
  assert.deepEqual(contentValidators['details.open']({ page: 'options' }), { page: 'options' });
  assert.deepEqual(contentValidators['details.open']({ page: 'welcome' }), { page: 'welcome' });
  assert.throws(() => contentValidators['details.open']({ page: 'https://evil.example/' }), /page: expected/);
  assert.throws(() => contentValidators['details.open']({}), /page: expected/);
});
