import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressSpace, refusalFor } from './page-reach';

test('address spaces: loopback, private ranges and names, and the public rest', () => {
  const space = (u: string) => addressSpace(new URL(u));
  for (const u of ['http://localhost:3000/a.png', 'http://app.localhost/a.png', 'http://127.0.0.1/a.png', 'http://127.8.9.1/a.png', 'http://[::1]/a.png', 'http://0.0.0.0/a.png', 'http://[::ffff:127.0.0.1]/a.png']) {
    assert.equal(space(u), 'local', u);
  }
  for (const u of ['http://10.0.0.1/a.png', 'http://172.16.0.1/a.png', 'http://172.31.255.1/a.png', 'http://192.168.1.1/a.png', 'http://169.254.169.254/latest', 'http://[fd00::1]/a.png', 'http://[fe80::1]/a.png', 'http://printer.local/a.png', 'http://0x0a000001/a.png']) {
    assert.equal(space(u), 'private', u);
  }
  for (const u of ['https://cdn.example/a.png', 'http://172.32.0.1/a.png', 'http://8.8.8.8/a.png', 'http://[2001:db8::1]/a.png']) assert.equal(space(u), 'public', u);
});

test('a public page cannot have local or private addresses fetched; local pages and public images are fine', () => {
  assert.match(refusalFor('https://news.example/', 'http://192.168.1.1/admin.png') ?? '', /local network/);
  assert.match(refusalFor('https://news.example/', 'http://127.0.0.1:8080/x.png') ?? '', /this computer/);
  assert.match(refusalFor(undefined, 'http://localhost/x.png') ?? '', /this computer/, 'no sender URL: the strictest reading');
  assert.match(refusalFor('http://192.168.1.5/', 'http://127.0.0.1/x.png') ?? '', /this computer/, 'the local network cannot reach this computer either');
  assert.equal(refusalFor('http://127.0.0.1:5000/feed.html', 'http://127.0.0.1:6000/x.png'), undefined);
  assert.equal(refusalFor('http://192.168.1.5/', 'http://192.168.1.6/x.png'), undefined);
  assert.equal(refusalFor('https://news.example/', 'https://cdn.example/x.png'), undefined);
  assert.equal(refusalFor('https://news.example/', 'data:image/png;base64,AAAA'), undefined);
});
