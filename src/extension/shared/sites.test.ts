import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autoBadgesFor } from './sites';
import { DEFAULT_SETTINGS, parseSettings } from './settings';

test('a listed host covers its subdomains, not look-alikes', () => {
  const sites = ['reddit.com'];
  assert.equal(autoBadgesFor(sites, 'https://reddit.com/r/pics'), true);
  assert.equal(autoBadgesFor(sites, 'https://old.reddit.com/r/pics'), true);
  assert.equal(autoBadgesFor(sites, 'https://notreddit.com/'), false);
  assert.equal(autoBadgesFor(sites, 'https://reddit.com.evil.example/'), false);
});

test('an entry with a port matches that port only; one without matches any', () => {
  assert.equal(autoBadgesFor(['127.0.0.1:8080'], 'http://127.0.0.1:8080/feed.html'), true);
  assert.equal(autoBadgesFor(['127.0.0.1:8080'], 'http://127.0.0.1:9090/feed.html'), false);
  assert.equal(autoBadgesFor(['example.com:443'], 'https://example.com/'), true, 'default port');
  assert.equal(autoBadgesFor(['127.0.0.1'], 'http://127.0.0.1:9090/'), true);
});

test('only web pages, and nothing by default but the listed social sites', () => {
  assert.equal(autoBadgesFor(DEFAULT_SETTINGS.autoBadgeSites, 'https://x.com/home'), true);
  assert.equal(autoBadgesFor(DEFAULT_SETTINGS.autoBadgeSites, 'https://news.example/'), false);
  assert.equal(autoBadgesFor(['x.com'], 'file:///x.com/a.html'), false);
  assert.equal(autoBadgesFor(['x.com'], 'not a url'), false);
});

test('settings accept host entries with a port, and refuse other shapes', () => {
  assert.deepEqual(parseSettings({ autoBadgeSites: ['127.0.0.1:8080', 'x.com'] }).autoBadgeSites, ['127.0.0.1:8080', 'x.com']);
  assert.deepEqual(parseSettings({ autoBadgeSites: ['https://x.com/'] }).autoBadgeSites, DEFAULT_SETTINGS.autoBadgeSites);
});
