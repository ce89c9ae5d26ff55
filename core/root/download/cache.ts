// Downloaded archives kept by SHA-256 under a size cap counting every byte the cache folder holds; the
// least recently used go first. An entry is hashed again before each use (L5): one changed on disk is
// deleted and downloaded anew.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm, rmdir, stat, utimes } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';

export interface DownloadCache {
  dir: string;
  /** Largest total size kept, in bytes. */
  capBytes: number;
}

export const defaultCapBytes = 8 * 1024 ** 3;

const entryPath = (cache: DownloadCache, sha256: string) => join(cache.dir, `${sha256}.archive`);

/** Where an unfinished download of `sha256` lives, so another run can resume it. */
export async function partialPath(cache: DownloadCache, sha256: string): Promise<string> {
  await mkdir(cache.dir, { recursive: true });
  return join(cache.dir, `${sha256}.part`);
}

export type Lookup =
  { status: 'hit'; path: string } | { status: 'miss' } | { status: 'tampered'; sha256: string };

async function sha256Of(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, ...(signal ? { signal } : {}) }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The cached archive for `sha256`, hashed again and marked as just used; a changed one is deleted. */
export async function lookup(cache: DownloadCache, sha256: string, signal?: AbortSignal): Promise<Lookup> {
  const path = entryPath(cache, sha256);
  if (!(await stat(path).catch(() => null))?.isFile()) return { status: 'miss' };
  const actual = await sha256Of(path, signal);
  if (actual !== sha256) {
    await rm(path, { force: true });
    return { status: 'tampered', sha256: actual };
  }
  const now = new Date();
  await utimes(path, now, now);
  return { status: 'hit', path };
}

/** Moves a verified download into the cache, then evicts old entries beyond the cap. */
export async function store(cache: DownloadCache, sha256: string, verifiedFile: string): Promise<string> {
  const path = entryPath(cache, sha256);
  await rename(verifiedFile, path);
  await evict(cache, path);
  return path;
}

interface Held {
  paths: string[];
  size: number;
  used: number;
}

/** Every file under `dir`, grouped by inode: a kernel kept by hard link beside its archive is one. */
async function held(dir: string, into = new Map<string, Held>()): Promise<Map<string, Held>> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await held(path, into);
    if (!entry.isFile()) continue;
    const info = await lstat(path).catch(() => null);
    if (!info) continue;
    const inode = `${info.dev}:${info.ino}`;
    const known = into.get(inode);
    if (known) known.paths.push(path);
    else into.set(inode, { paths: [path], size: info.size, used: info.mtimeMs });
  }
  return into;
}

/** Removes the folders a deleted file leaves empty, up to (not including) the cache's own. */
async function pruneFolders(cache: DownloadCache, path: string): Promise<void> {
  for (let dir = dirname(path); dir.startsWith(cache.dir + sep); dir = dirname(dir)) {
    if (
      !(await rmdir(dir).then(
        () => true,
        () => false,
      ))
    )
      return;
  }
}

/**
 * Deletes the least recently used files until everything the cache holds fits the cap: archives,
 * unfinished downloads and kernels kept under their published names (a file and its hard links
 * count once and go together). Never the file at `keep`, nor its links.
 */
export async function evict(cache: DownloadCache, keep?: string): Promise<string[]> {
  const groups = [...(await held(cache.dir)).values()].sort((a, b) => a.used - b.used);
  let total = groups.reduce((sum, g) => sum + g.size, 0);
  const evicted: string[] = [];
  for (const group of groups) {
    if (total <= cache.capBytes) break;
    if (keep !== undefined && group.paths.includes(keep)) continue;
    for (const path of group.paths) {
      await rm(path, { force: true });
      await pruneFolders(cache, path);
      evicted.push(path);
    }
    total -= group.size;
  }
  return evicted;
}
