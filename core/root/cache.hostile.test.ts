// L5: what a cache holds is checked again before use: a changed download, a changed local archive
// and a file rewritten with its size and time put back are all noticed.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchRoot } from './fetch-root';
import { inspectRoot } from './inspect';
import { useLocalRoot } from './local-root';
import { startFileServer, type FileServer } from './testing/file-server';
import { makeRoot, tarDir } from './testing/make-root';

let dir: string;
let server: FileServer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-l5-'));
  process.env.XDG_CACHE_HOME = join(dir, 'xdg');
});
afterEach(async () => {
  delete process.env.XDG_CACHE_HOME;
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** Two roots packed as plain tars of the same size, differing in one byte of go/VERSION. */
async function twoArchives(): Promise<[string, string]> {
  await makeRoot(join(dir, 'good'));
  await makeRoot(join(dir, 'evil'));
  await writeFile(join(dir, 'evil', 'go', 'VERSION'), 'go6.66.6');
  const time = new Date(2e12);
  for (const root of ['good', 'evil']) await utimes(join(dir, root, 'go', 'VERSION'), time, time);
  tarDir(join(dir, 'good'), join(dir, 'good.tar'), '');
  tarDir(join(dir, 'evil'), join(dir, 'evil.tar'), '');
  return [join(dir, 'good.tar'), join(dir, 'evil.tar')];
}

const versionIn = (root: string) => readFile(join(root, 'go', 'VERSION'), 'utf8');

describe('L5: caches are hashed again on use', () => {
  it('refuses a cached download changed on disk and downloads it again', async () => {
    const [good, evil] = await twoArchives();
    const body = await readFile(good);
    const sha256 = createHash('sha256').update(body).digest('hex');
    server = await startFileServer({ '/root.tar': { body } });
    const cache = { dir: join(dir, 'cache'), capBytes: 1 << 30 };
    const first = await fetchRoot({ url: server.url('/root.tar'), sha256, out: join(dir, 'o1'), cache });
    expect(first.ok).toBe(true);
    // A same-user process swaps the cached archive for its own.
    await writeFile(join(cache.dir, `${sha256}.archive`), await readFile(evil));
    const logs: string[] = [];
    const second = await fetchRoot({
      url: server.url('/root.tar'),
      sha256,
      out: join(dir, 'o2'),
      cache,
      onLog: (_level, message) => logs.push(message),
    });
    expect(second.ok).toBe(true);
    expect(await versionIn(join(dir, 'o2'))).toBe('go1.19.8');
    expect(server.ranges.length).toBe(2);
    expect(logs.join('\n')).toMatch(/changed on disk/);
  });

  it('extracts a local archive again when its contents changed, even with its size and time put back', async () => {
    const [good, evil] = await twoArchives();
    const archive = join(dir, 'mine.tar');
    await writeFile(archive, await readFile(good));
    await utimes(archive, new Date(2e12), new Date(2e12)); // whole milliseconds, so they can be put back exactly
    const info = await stat(archive);
    const first = await useLocalRoot({ path: archive });
    if (!first.ok) throw new Error(first.error.detail);
    await writeFile(archive, await readFile(evil));
    await utimes(archive, info.atime, info.mtime);
    expect((await stat(archive)).size).toBe(info.size);
    const second = await useLocalRoot({ path: archive });
    if (!second.ok) throw new Error(second.error.detail);
    expect(await versionIn(second.value.dir)).toBe('go6.66.6');
    expect(second.value.treeHash).not.toBe(first.value.treeHash);
  });

  it('hashes a file again when it was rewritten with its size and time put back', async () => {
    await makeRoot(join(dir, 'root'));
    const file = join(dir, 'root', 'go', 'VERSION');
    await utimes(file, new Date(2e12), new Date(2e12)); // whole milliseconds, so they can be put back exactly
    const before = await inspectRoot(join(dir, 'root'));
    const info = await stat(file);
    await writeFile(file, 'go6.66.6'); // same length, same inode
    await utimes(file, info.atime, info.mtime);
    const after = await inspectRoot(join(dir, 'root'));
    expect(before.ok && after.ok).toBe(true);
    expect(after.ok && after.value.treeHash).not.toBe(before.ok && before.value.treeHash);
    expect(existsSync(file)).toBe(true);
  });
});
