// The download cache's byte bound counts everything it holds: roots and the kernels kept under their
// published names (a hard link counted once), fetched from a real channel over 127.0.0.1.

import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeBzImage } from '../boot/testing/fixtures';
import { startFileServer, type FileServer, type ServedFile } from '../root/testing/file-server';
import { makeRoot } from '../root/testing/make-root';
import { generateKeys } from '../sign/minisign';
import { fetchFromChannel } from './fetch';
import type { Channel } from './manifest';
import { publishRoot } from './publish';

const dir = mkdtempSync(join(tmpdir(), 'channel-cache-bound-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const site = join(dir, 'site');
let server: FileServer;
let key: string;
let channel: Channel;

const walk = (folder: string): string[] =>
  readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });

/** Bytes on disk under `folder`, each inode once (what the user's disk really gives up). */
function heldBytes(folder: string): number {
  const seen = new Map<number, number>();
  for (const path of walk(folder)) {
    const info = lstatSync(path);
    seen.set(info.ino, info.size);
  }
  return [...seen.values()].reduce((sum, n) => sum + n, 0);
}

beforeAll(async () => {
  const keys = await generateKeys();
  key = keys.publicFile.split('\n')[1]!;
  // Four entries, each a root of its own and a kernel far larger than it, published in turn.
  for (let n = 0; n < 4; n++) {
    const root = join(dir, `root-${n}`);
    await makeRoot(root);
    writeFileSync(join(root, 'src', `entry-${n}.txt`), `entry ${n}\n`);
    const kernel = join(dir, `vmlinuz-6.1.${n}-test-amd64`);
    writeFileSync(kernel, fakeBzImage(400 * 1024 + n * 4096));
    const published = await publishRoot({
      root,
      out: site,
      secretKey: keys.secretFile,
      name: `entry-${n}`,
      kernels: { amd64: kernel },
      now: 1_800_000_000 + n,
    });
    if (!published.ok) throw new Error(published.error.detail);
  }
  channel = JSON.parse(readFileSync(join(site, 'channel.json'), 'utf8')) as Channel;
  const files: Record<string, ServedFile> = {};
  for (const path of walk(site)) files[`/${relative(site, path)}`] = { body: readFileSync(path) };
  server = await startFileServer(files);
});
afterAll(() => server.close());

describe('download cache bound', () => {
  it('counts kernels kept by hard link: the oldest entries go first and the total stays under the bound', async () => {
    const entrySize = (e: Channel['roots'][number]) => e.size + (e.kernels?.amd64?.size ?? 0);
    expect(channel.roots).toHaveLength(4);
    // Room for two entries (root and kernel each), not three.
    const capBytes = Math.max(...channel.roots.map(entrySize)) * 2 + 1024;
    const cache = { dir: join(dir, 'cache'), capBytes };
    for (const [n, entry] of channel.roots.entries()) {
      const fetched = await fetchFromChannel({
        link: { url: server.url('/channel.json'), key },
        dataDir: join(dir, 'data'),
        sha256: entry.sha256,
        archs: ['amd64'],
        out: join(dir, `out-${n}`),
        cache,
        registry: join(dir, 'registry'),
      });
      if (!fetched.ok) throw new Error(fetched.error.detail);
      expect(heldBytes(cache.dir)).toBeLessThanOrEqual(capBytes);
      // The kernel just fetched is there under its published name.
      expect(lstatSync(fetched.value.kernels.amd64!).size).toBe(entry.kernels!.amd64!.size);
    }
    const names = walk(cache.dir).map((p) => relative(cache.dir, p));
    const [first, second, third, fourth] = channel.roots;
    // The two oldest entries went, root, kernel archive and named kernel alike; the newest stayed.
    for (const gone of [first!, second!]) {
      expect(names.some((n) => n.includes(gone.sha256))).toBe(false);
      expect(names.some((n) => n.includes(gone.kernels!.amd64!.sha256))).toBe(false);
    }
    for (const kept of [third!, fourth!]) {
      expect(names).toContain(`${kept.sha256}.archive`);
      expect(names).toContain(`${kept.kernels!.amd64!.sha256}.archive`);
      expect(names.some((n) => n.startsWith(join('kernels', kept.kernels!.amd64!.sha256)))).toBe(true);
    }
  });
});
