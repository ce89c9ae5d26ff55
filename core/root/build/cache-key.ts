// Content keys for the build cache: equal inputs give equal keys, so a rebuild finds its results.

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Bumped when how we build changes, so old cache entries stop matching. */
const recipe = 'sourcery-root-build-1';

export const cacheKey = (parts: Record<string, unknown>): string =>
  createHash('sha256')
    .update(JSON.stringify({ recipe, ...parts }))
    .digest('hex')
    .slice(0, 32);

/** Hash of a small source folder's files (init, installcommand): names and contents. */
export async function hashSources(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const name of (await readdir(dir)).sort()) {
    if (!/\.(go|mod|sum)$/.test(name)) continue;
    hash.update(`${name}\0`).update(await readFile(join(dir, name)));
  }
  return hash.digest('hex');
}
