// Following a channel over a real HTTP server: signature first, key pinned, no rollback, offline copy.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFileServer, type FileServer, type ServedFile } from '../root/testing/file-server';
import { generateKeys, parseSecretKey, prehash, signPrehashed, type SecretKey } from '../sign/minisign';
import { trustedComment, type Channel } from './manifest';
import { channelLinkText, openChannel, parseChannelLink, readPins } from './subscription';

const dir = mkdtempSync(join(tmpdir(), 'subscription-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const files: Record<string, ServedFile> = {};
let server: FileServer;
let keys: Awaited<ReturnType<typeof generateKeys>>;
let secret: SecretKey;

const sha = 'a'.repeat(64);
const channelAt = (name: string): Channel => ({
  name,
  roots: [
    {
      name,
      date: '2026-12-05T00:00:00Z',
      archs: ['amd64'],
      goVersion: 'go1.19.8',
      url: 'roots/x.tar.zst',
      size: 10,
      sha256: sha,
    },
  ],
});

/** Serves `channel` signed at `timestamp` (by `by`, the channel's own key by default). */
function publish(channel: Channel, timestamp: number, by: SecretKey = secret): Buffer {
  const bytes = Buffer.from(JSON.stringify(channel));
  files['/c/channel.json'] = { body: bytes };
  files['/c/channel.json.minisig'] = {
    body: Buffer.from(signPrehashed(prehash(bytes), by, trustedComment(timestamp))),
  };
  return bytes;
}

beforeAll(async () => {
  keys = await generateKeys();
  const parsed = await parseSecretKey(keys.secretFile);
  if ('code' in parsed) throw new Error(parsed.detail);
  secret = parsed;
  server = await startFileServer(files);
});
afterAll(() => server.close());

const link = () => ({ url: server.url('/c/channel.json'), key: keys.publicFile.split('\n')[1]! });
const open = (dataDir: string, l = link()) => openChannel(l, { dataDir });

describe('a followed channel', () => {
  it('is read only once its signature checks, with URLs resolved against it, and is pinned', async () => {
    const data = join(dir, 'pinned');
    publish(channelAt('first'), 100);
    const opened = await open(data);
    if (!opened.ok) throw new Error(opened.error.detail);
    expect(opened.value.channel.roots[0]!.url).toBe(server.url('/c/roots/x.tar.zst'));
    expect(opened.value).toMatchObject({ timestamp: 100, offline: false });
    expect((await readPins(data))[link().url]).toMatchObject({ lastTimestamp: 100, keyId: keys.keyId });
  });

  it('refuses an older manifest replayed after a newer one was seen', async () => {
    const data = join(dir, 'rollback');
    publish(channelAt('new'), 200);
    expect((await open(data)).ok).toBe(true);
    publish(channelAt('old'), 150);
    const replayed = await open(data);
    expect(replayed).toMatchObject({ ok: false, error: { code: 'E_SIGNATURE' } });
    expect(!replayed.ok && replayed.error.detail).toMatch(/before the one already seen/);
  });

  it('refuses an unsigned channel, a tampered one, another key’s, and a key change of a pinned one', async () => {
    const data = join(dir, 'refusals');
    const bytes = publish(channelAt('x'), 300);
    files['/c/channel.json'] = { body: Buffer.from(bytes.toString().replace('"x"', '"y"')) };
    expect(await open(data)).toMatchObject({ ok: false, error: { code: 'E_SIGNATURE' } });
    const other = await parseSecretKey((await generateKeys()).secretFile);
    if ('code' in other) throw new Error(other.detail);
    publish(channelAt('x'), 300, other);
    expect(await open(data)).toMatchObject({ ok: false, error: { code: 'E_SIGNATURE' } });
    publish(channelAt('x'), 300);
    delete files['/c/channel.json.minisig'];
    const unsigned = await open(data);
    expect(!unsigned.ok && unsigned.error.detail).toMatch(/unsigned channels are refused/);
    publish(channelAt('x'), 300);
    expect((await open(data)).ok).toBe(true);
    const otherPublic = (await generateKeys()).publicFile.split('\n')[1]!;
    const switched = await open(data, { ...link(), key: otherPublic });
    expect(!switched.ok && switched.error.detail).toMatch(/is pinned to key/);
  });

  it('is still listed offline from the copy verified before', async () => {
    const data = join(dir, 'offline');
    publish(channelAt('kept'), 400);
    expect((await open(data)).ok).toBe(true);
    const gone = { url: 'http://127.0.0.1:9/c/channel.json', key: link().key };
    await server.close();
    try {
      const offline = await open(data);
      if (!offline.ok) throw new Error(offline.error.detail);
      expect(offline.value).toMatchObject({ offline: true, timestamp: 400 });
      expect(offline.value.channel.name).toBe('kept');
      // A channel never seen before has no copy to fall back on.
      expect(await openChannel(gone, { dataDir: data })).toMatchObject({
        ok: false,
        error: { code: 'E_DOWNLOAD' },
      });
    } finally {
      server = await startFileServer(files);
    }
  });
});

describe('channel files', () => {
  it('round-trip the address and key an organiser hands out, and refuse anything else', () => {
    const text = channelLinkText({ ...link(), name: 'Workshop' });
    expect(parseChannelLink(text)).toEqual({ ok: true, value: { ...link(), name: 'Workshop' } });
    for (const bad of [
      '',
      '{}',
      '{"sourcery-channel":1,"url":"file:///etc/passwd","key":"RWQ"}',
      text.replace(link().key, link().key.slice(0, 50)),
    ])
      expect(parseChannelLink(bad).ok).toBe(false);
  });
});
