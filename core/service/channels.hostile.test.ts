// F9 through the bridge: channel requests are validated at the gate and the key is always the pinned
// one; a published channel is added from its file's text, listed (offline too), fetched as a job with
// its kernel, and removed, all over a real server on 127.0.0.1.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayloads, Handlers, JobProgress } from '../../contract';
import { fakeBzImage } from '../boot/testing/fixtures';
import { dispatch } from '../bridge/dispatch';
import { publishRoot } from '../channel/publish';
import { channelLinkText } from '../channel/subscription';
import { startFileServer, type FileServer, type ServedFile } from '../root/testing/file-server';
import { makeRoot } from '../root/testing/make-root';
import { generateKeys } from '../sign/minisign';
import { createHandlers } from './handlers';

const dir = mkdtempSync(join(tmpdir(), 'sf-channels-'));
const files: Record<string, ServedFile> = {};
let server: FileServer;
let publicKey: string;
const progress: JobProgress[] = [];
let handlers: Handlers;
const call = (name: string, payload: unknown) => dispatch(handlers, name, payload, { report: () => {} });

beforeAll(async () => {
  process.env.XDG_CACHE_HOME = join(dir, 'xdg');
  await makeRoot(join(dir, 'root'));
  writeFileSync(join(dir, 'vmlinuz-6.1.0-test-amd64'), fakeBzImage(64 * 1024));
  const keys = await generateKeys();
  publicKey = keys.publicFile.split('\n')[1]!;
  const published = await publishRoot({
    root: join(dir, 'root'),
    out: join(dir, 'site'),
    secretKey: keys.secretFile,
    name: 'workshop',
    kernels: { amd64: join(dir, 'vmlinuz-6.1.0-test-amd64') },
  });
  if (!published.ok) throw new Error(published.error.detail);
  const walk = (folder: string): string[] =>
    readdirSync(folder).flatMap((name) => {
      const path = join(folder, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  for (const path of walk(join(dir, 'site')))
    files[`/site/${relative(join(dir, 'site'), path)}`] = { body: readFileSync(path) };
  server = await startFileServer(files);
  handlers = createHandlers({
    emit: <K extends EventName>(name: K, payload: EventPayloads[K]) => {
      if (name === 'jobProgress') progress.push(payload as JobProgress);
    },
    shell: 'browser',
    dataDir: join(dir, 'data'),
  });
});
afterAll(async () => {
  delete process.env.XDG_CACHE_HOME;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const channelUrl = () => server.url('/site/channel.json');

describe('F9: channel requests from the bridge are hostile until checked', () => {
  it('refuses at the gate: a file: address, a key that is not one, extra fields, a caller’s key on fetch', async () => {
    for (const [name, payload] of [
      ['channelAdd', { url: 'file:///etc/passwd', key: publicKey }],
      ['channelAdd', { url: channelUrl(), key: 'RWnot-a-key' }],
      ['channelAdd', { url: channelUrl(), key: publicKey, path: '/etc/shadow' }],
      ['channelAdd', { text: 'x'.repeat(64 * 1024 + 1) }],
      ['channelRemove', { url: 'javascript:alert(1)' }],
      ['channelFetch', { jobId: 'j', url: channelUrl(), sha256: 'a'.repeat(64), key: publicKey }],
      ['channelFetch', { jobId: 'j', url: channelUrl(), sha256: 'a'.repeat(64), out: '/home' }],
      ['channelFetch', { jobId: 'j', url: channelUrl(), sha256: '../../etc' }],
    ] as const) {
      const result = await call(name, payload);
      expect(result.ok ? 'ok' : result.error.code, `${name} ${JSON.stringify(payload)}`).toBe(
        'E_BAD_REQUEST',
      );
    }
    expect(server.ranges).toEqual([]); // nothing of the above reached the network
  });

  it('refuses a channel file that is not one, or points anywhere but http(s)', async () => {
    for (const text of [
      'root:x:0:0:root:/root:/bin/bash',
      JSON.stringify({ 'sourcery-channel': 1, url: 'file:///etc/passwd', key: publicKey }),
      JSON.stringify({ 'sourcery-channel': 2, url: channelUrl(), key: publicKey }),
    ]) {
      const result = await call('channelAdd', { text });
      expect(result).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
      expect(!result.ok && result.error.hint).toMatch(/channel file/);
    }
  });

  it('never fetches from a channel that was not added: the key cannot come from the caller', async () => {
    const result = await call('channelFetch', { jobId: 'j0', url: channelUrl(), sha256: 'a'.repeat(64) });
    expect(!result.ok && result.error.detail).toMatch(/not a channel you follow/);
    expect(existsSync(join(dir, 'data', 'roots'))).toBe(false);
  });
});

describe('a channel through the handlers', () => {
  it('is added from a channel file, listed, fetched as a job with its kernel, listed offline, removed', async () => {
    const text = channelLinkText({ url: channelUrl(), key: publicKey, name: 'Workshop' });
    const added = await call('channelAdd', { text });
    if (!added.ok) throw new Error(added.error.detail);
    expect(added.value).toMatchObject({ name: 'Workshop', offline: false, roots: [{ name: 'workshop' }] });
    const listed = await handlers.channelList({});
    if (!listed.ok) throw new Error(listed.error.detail);
    expect(listed.value).toHaveLength(1);
    const [entry] = listed.value[0]!.roots;
    expect(listed.value[0]).toMatchObject({ name: 'Workshop', offline: false });
    expect(entry).toMatchObject({ name: 'workshop', archs: ['amd64'], goVersion: 'go1.19.8' });
    expect(entry!.kernels.amd64?.file).toBe('vmlinuz-6.1.0-test-amd64');

    const fetched = await call('channelFetch', { jobId: 'c1', url: channelUrl(), sha256: entry!.sha256 });
    if (!fetched.ok) throw new Error(fetched.error.detail);
    const value = fetched.value as {
      manifest: { dir: string; archs: string[] };
      kernels: { amd64?: string };
    };
    expect(value.manifest.archs).toEqual(['amd64']);
    expect(value.manifest.dir.startsWith(join(dir, 'data', 'roots'))).toBe(true);
    expect(readFileSync(value.kernels.amd64!)).toEqual(readFileSync(join(dir, 'vmlinuz-6.1.0-test-amd64')));
    expect(progress.filter((p) => p.jobId === 'c1').at(-1)?.phase).toBe('done');

    await server.close();
    try {
      const offline = await handlers.channelList({});
      if (!offline.ok) throw new Error(offline.error.detail);
      expect(offline.value[0]).toMatchObject({ offline: true, roots: [{ sha256: entry!.sha256 }] });
    } finally {
      server = await startFileServer(files);
    }
    // The server came back on another port: that is another channel, never added.
    expect(await handlers.channelRemove({ url: channelUrl() })).toMatchObject({ ok: false });
    expect(await handlers.channelRemove({ url: listed.value[0]!.url })).toEqual({
      ok: true,
      value: { removed: true },
    });
    expect(await handlers.channelList({})).toEqual({ ok: true, value: [] });
  });
});
