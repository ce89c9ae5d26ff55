// One SHA-256 for a whole tree: every path, kind, size and content, in sorted order.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { TreeEntry } from './walk';

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

/** Hashes `entries` (sorted, as walkTree returns them); equal trees give equal hashes. */
export async function treeHash(entries: TreeEntry[], signal?: AbortSignal): Promise<string> {
  const digests = new Array<string>(entries.length).fill('');
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      signal?.throwIfAborted();
      const index = next++;
      const entry = entries[index];
      if (entry?.kind === 'file') digests[index] = await hashFile(entry.source, entry.size);
    }
  };
  await Promise.all(Array.from({ length: parallelReads }, worker));
  const whole = createHash('sha256');
  entries.forEach((entry, index) => {
    whole.update(`${entry.kind} ${entry.path} ${entry.size} ${digests[index]}\n`);
  });
  return whole.digest('hex');
}
