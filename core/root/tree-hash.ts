// One SHA-256 for a whole tree: every path, kind, size and content, in sorted order.
//
// Content hashes are remembered per folder in a small index (path, size, times, inode -> digest), as
// git's index does, so hashing a large unchanged root again reads metadata, not every byte.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TreeEntry } from '../image/tree/walk';

const smallFile = 1 << 20;
const parallelReads = 8;

async function hashFile(path: string, size: number): Promise<string> {
  if (size <= smallFile)
    return createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Where a folder's digests are remembered between runs; undefined keeps nothing. */
export interface HashIndex {
  dir: string;
  /** The folder being hashed (the index is per folder). */
  tree: string;
}

// The change time is in the stamp: a file rewritten with its size and mtime put back still differs.
const stamp = (e: TreeEntry) => `${e.size}:${e.mtimeMs}:${e.ctimeMs}:${e.ino}`;

async function loadIndex(index: HashIndex | undefined): Promise<Map<string, [string, string]>> {
  if (!index) return new Map();
  const file = join(index.dir, `${createHash('sha256').update(index.tree).digest('hex').slice(0, 24)}.json`);
  try {
    return new Map(
      Object.entries(JSON.parse(await readFile(file, 'utf8')) as Record<string, [string, string]>),
    );
  } catch {
    return new Map();
  }
}

async function saveIndex(
  index: HashIndex | undefined,
  entries: TreeEntry[],
  digests: string[],
): Promise<void> {
  if (!index) return;
  const file = join(index.dir, `${createHash('sha256').update(index.tree).digest('hex').slice(0, 24)}.json`);
  const record: Record<string, [string, string]> = {};
  entries.forEach((e, i) => {
    if (e.kind === 'file') record[e.path] = [stamp(e), digests[i] ?? ''];
  });
  await mkdir(index.dir, { recursive: true });
  await writeFile(file, JSON.stringify(record));
  await pruneIndexes(index.dir);
}

/** Keeps the most recently written indexes only: every folder ever inspected leaves one. */
async function pruneIndexes(dir: string, keep = 32): Promise<void> {
  const files = await Promise.all(
    (await readdir(dir)).map(async (name) => ({
      path: join(dir, name),
      time: (await stat(join(dir, name))).mtimeMs,
    })),
  );
  files.sort((a, b) => b.time - a.time);
  await Promise.all(files.slice(keep).map((f) => rm(f.path, { force: true })));
}

/** Hashes `entries` (sorted, as walkTree returns them); equal trees give equal hashes. */
export async function treeHash(
  entries: TreeEntry[],
  signal?: AbortSignal,
  index?: HashIndex,
): Promise<string> {
  const known = await loadIndex(index);
  const digests = new Array<string>(entries.length).fill('');
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      signal?.throwIfAborted();
      const i = next++;
      const entry = entries[i];
      if (entry?.kind !== 'file') continue;
      const remembered = known.get(entry.path);
      digests[i] =
        remembered?.[0] === stamp(entry) ? remembered[1] : await hashFile(entry.source, entry.size);
    }
  };
  await Promise.all(Array.from({ length: parallelReads }, worker));
  await saveIndex(index, entries, digests);
  const whole = createHash('sha256');
  entries.forEach((entry, i) => {
    whole.update(`${entry.kind} ${entry.path} ${entry.size} ${digests[i]}\n`);
  });
  return whole.digest('hex');
}
