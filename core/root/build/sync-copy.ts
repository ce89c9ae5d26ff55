// Copies a tree like rsync: follows symlinks, skips files whose size and time already match, prunes extras.

import { copyFile, mkdir, readdir, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';

export interface SyncOptions {
  /** Path relative to the source root, "/"-separated; false leaves it out (and unpruned). */
  include?: (rel: string) => boolean;
  /** Delete destination entries the source does not have (default true). */
  prune?: boolean;
  signal?: AbortSignal;
}

export interface SyncResult {
  copied: number;
  skipped: number;
  bytes: number;
}

const parallel = 16;

/** Makes `dest` hold what `src` holds; a second run with nothing changed only reads metadata. */
export async function syncCopy(src: string, dest: string, options: SyncOptions = {}): Promise<SyncResult> {
  const result: SyncResult = { copied: 0, skipped: 0, bytes: 0 };
  const files: { from: string; to: string }[] = [];
  const walk = async (rel: string): Promise<void> => {
    options.signal?.throwIfAborted();
    const from = join(src, rel);
    const to = join(dest, rel);
    await mkdir(to, { recursive: true });
    const names = await readdir(from);
    await Promise.all(
      names.map(async (name) => {
        const childRel = rel ? `${rel}/${name}` : name;
        if (options.include && !options.include(childRel)) return;
        const info = await stat(join(from, name)); // follows symlinks: a root has none
        if (info.isDirectory()) await walk(childRel);
        else if (info.isFile()) files.push({ from: join(from, name), to: join(to, name) });
      }),
    );
    if (options.prune === false) return;
    // Only what the source lacks is deleted; what the filter leaves out is not ours to touch.
    const present = new Set(names);
    for (const name of await readdir(to)) {
      if (!present.has(name)) await rm(join(to, name), { recursive: true, force: true });
    }
  };
  await walk('');
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      options.signal?.throwIfAborted();
      const file = files[next++];
      if (!file) break;
      const [a, b] = await Promise.all([stat(file.from), stat(file.to).catch(() => null)]);
      if (b && b.size === a.size && Math.abs(b.mtimeMs - a.mtimeMs) < 1) {
        result.skipped += 1;
        continue;
      }
      await rm(file.to, { force: true }); // a running binary cannot be overwritten in place
      await copyFile(file.from, file.to);
      await utimes(file.to, a.atime, a.mtime);
      result.copied += 1;
      result.bytes += a.size;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return result;
}
