// Downloaded archives kept by SHA-256 under a size cap; the least recently used go first. An entry is
// hashed again before each use (L5): one changed on disk is deleted and downloaded anew.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';

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

/** Deletes least recently used archives until the cache fits; never the one just stored. */
export async function evict(cache: DownloadCache, keep?: string): Promise<string[]> {
  const names = (await readdir(cache.dir)).filter((n) => n.endsWith('.archive') || n.endsWith('.part'));
  const entries = await Promise.all(
    names.map(async (name) => {
      const path = join(cache.dir, name);
      const info = await stat(path);
      return { path, size: info.size, used: info.mtimeMs };
    }),
  );
  entries.sort((a, b) => a.used - b.used);
  let total = entries.reduce((sum, e) => sum + e.size, 0);
  const evicted: string[] = [];
  for (const entry of entries) {
    if (total <= cache.capBytes) break;
    if (entry.path === keep) continue;
    await rm(entry.path, { force: true });
    total -= entry.size;
    evicted.push(entry.path);
  }
  return evicted;
}
