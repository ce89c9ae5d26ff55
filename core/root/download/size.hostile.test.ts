// F9 (size): a server that sends more than a signed channel states (core/channel/fetch.ts passes it as `size`) is cut off at the stated size plus one
// read, and nothing is extracted; a download nobody sized stops at its ceiling.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchRoot } from '../fetch-root';
import { startFileServer, type FileServer } from '../testing/file-server';
import { makeRoot, tarDir } from '../testing/make-root';
import { downloadFile } from './http-download';

let dir: string;
let server: FileServer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-f9-'));
  process.env.XDG_CACHE_HOME = join(dir, 'xdg');
});
afterEach(async () => {
  delete process.env.XDG_CACHE_HOME;
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('F9: a manifest’s size is enforced while downloading', () => {
  for (const chunked of [false, true]) {
    it(`refuses a body larger than the channel states (${chunked ? 'chunked' : 'Content-Length'}); nothing is extracted`, async () => {
      await makeRoot(join(dir, 'made'));
      tarDir(join(dir, 'made'), join(dir, 'root.tar'), '');
      // The checksum matches what is served: only the size tells that it is not what was published.
      const body = await readFile(join(dir, 'root.tar'));
      const stated = body.length - 4096;
      server = await startFileServer({
        '/root.tar': { body, ...(chunked ? { chunkSize: 64 * 1024 } : {}) },
      });
      const cache = { dir: join(dir, 'cache'), capBytes: 1 << 30 };
      const result = await fetchRoot({
        url: server.url('/root.tar'),
        sha256: sha(body),
        size: stated,
        out: join(dir, 'out'),
        cache,
        backoffMs: 1,
      });
      expect(result.ok ? 'ok' : result.error.code).toBe('E_DOWNLOAD');
      expect(result.ok ? '' : result.error.detail).toContain(String(stated));
      expect(result.ok ? '' : result.error.detail).toMatch(new RegExp(`${body.length}|at least`));
      expect(existsSync(join(dir, 'out'))).toBe(false);
      for (const name of await readdir(cache.dir)) {
        expect((await stat(join(cache.dir, name))).size).toBeLessThanOrEqual(stated);
      }
      expect(server.ranges.length).toBe(1); // one try: a size mismatch is not retried
    });
  }

  it('cuts off a server that sends more than stated and then stalls, without waiting for it', async () => {
    // Chunked, so no length announces it: only counting the bytes as they come can stop it.
    server = await startFileServer({
      '/stall': { body: Buffer.alloc(1 << 20), chunkSize: 64 * 1024, dropAfter: 300_000, stall: true },
    });
    const file = join(dir, 'stall.part');
    const started = Date.now();
    await expect(
      downloadFile({
        url: server.url('/stall'),
        file,
        expectedBytes: 100_000,
        retries: 0,
        idleTimeoutMs: 30_000,
      }),
    ).rejects.toMatchObject({ appError: { code: 'E_DOWNLOAD', detail: expect.stringContaining('100000') } });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await stat(file)).size).toBe(0);
  });

  it('stops a download nobody sized at its ceiling', async () => {
    server = await startFileServer({ '/big': { body: Buffer.alloc(3 << 20), chunkSize: 256 * 1024 } });
    const file = join(dir, 'big.part');
    await expect(
      downloadFile({ url: server.url('/big'), file, maxBytes: 1 << 20, retries: 0 }),
    ).rejects.toMatchObject({ appError: { code: 'E_DOWNLOAD' } });
    expect((await stat(file)).size).toBe(0);
  });
});
