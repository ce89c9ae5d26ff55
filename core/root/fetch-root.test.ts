import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchRoot } from './fetch-root';
import { startFileServer, type FileServer } from './testing/file-server';
import { makeRoot, tarDir } from './testing/make-root';

let dir: string;
let server: FileServer | undefined;
let archive: Buffer;
let sha256: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-fetch-'));
  process.env.XDG_CACHE_HOME = join(dir, 'xdg'); // records of folders we made stay in the test
  await makeRoot(join(dir, 'made'));
  tarDir(join(dir, 'made'), join(dir, 'root.tar.xz'), '-J');
  archive = await readFile(join(dir, 'root.tar.xz'));
  sha256 = createHash('sha256').update(archive).digest('hex');
});
afterEach(async () => {
  delete process.env.XDG_CACHE_HOME;
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const cacheIn = (d: string) => ({ dir: join(d, 'cache'), capBytes: 1 << 30 });

describe('fetchRoot', () => {
  it('downloads through a dropped connection, verifies, extracts, validates; then reuses the cache', async () => {
    server = await startFileServer({ '/root.tar.xz': { body: archive, dropAfter: 1000 } });
    const phases = new Set<string>();
    const first = await fetchRoot({
      url: server.url('/root.tar.xz'),
      sha256,
      out: join(dir, 'out1'),
      cache: cacheIn(dir),
      backoffMs: 5,
      onProgress: (p) => phases.add(p.phase),
    });
    if (!first.ok) throw new Error(first.error.detail);
    expect(first.value.archs).toEqual(['amd64']);
    expect(phases).toContain('verifying');
    const requests = server.ranges.length;
    const second = await fetchRoot({
      url: server.url('/root.tar.xz'),
      sha256,
      out: join(dir, 'out2'),
      cache: cacheIn(dir),
    });
    if (!second.ok) throw new Error(second.error.detail);
    expect(server.ranges.length).toBe(requests);
    expect(second.value.treeHash).toBe(first.value.treeHash);
  });

  it('refuses a download whose checksum is wrong, extracts nothing and keeps nothing', async () => {
    server = await startFileServer({ '/root.tar.xz': { body: archive } });
    const wrong = 'ab'.repeat(32);
    const result = await fetchRoot({
      url: server.url('/root.tar.xz'),
      sha256: wrong,
      out: join(dir, 'out'),
      cache: cacheIn(dir),
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('E_CHECKSUM');
      expect(result.error.detail).toContain(sha256);
    }
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(await readdir(join(dir, 'cache'))).toEqual([]);
  });

  it('evicts the least recently used archives beyond the cap', async () => {
    const { evict, store } = await import('./download/cache');
    const { mkdir, utimes, writeFile } = await import('node:fs/promises');
    const cache = { dir: join(dir, 'lru'), capBytes: 2500 };
    await mkdir(cache.dir);
    for (const [i, name] of ['a', 'b', 'c'].entries()) {
      await writeFile(join(dir, name), Buffer.alloc(1000));
      const stored = await store({ ...cache, capBytes: 1e9 }, name.repeat(64), join(dir, name));
      await utimes(stored, new Date(1e12 + i * 1000), new Date(1e12 + i * 1000));
    }
    await evict(cache);
    expect((await readdir(cache.dir)).sort()).toEqual([
      'b'.repeat(64) + '.archive',
      'c'.repeat(64) + '.archive',
    ]);
  });
});
