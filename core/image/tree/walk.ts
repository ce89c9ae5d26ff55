// Lists every entry of a folder tree with its kind and size, without following symlinks.

import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { appError, EngineError } from '../../errors';

export interface TreeEntry {
  /** Path inside the tree, "/"-separated, starting with "/". */
  path: string;
  /** Absolute path on this machine. */
  source: string;
  kind: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  /**
   * Modification time, change time and inode, so unchanged files can be recognised without reading
   * them. The change time matters: anyone can set a file's mtime back (touch -d), nobody its ctime.
   */
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export interface WalkLimits {
  /** Most entries walked before giving up: a root has tens of thousands, a home folder millions. */
  maxEntries: number;
}

export const defaultWalkLimits: WalkLimits = { maxEntries: 1_000_000 };

const kindOf = (entry: Dirent): TreeEntry['kind'] =>
  entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : entry.isSymbolicLink() ? 'symlink' : 'other';

/** Every entry below `dir` (not `dir` itself), sorted by path. */
export async function walkTree(
  dir: string,
  signal?: AbortSignal,
  limits: WalkLimits = defaultWalkLimits,
): Promise<TreeEntry[]> {
  const entries: TreeEntry[] = [];
  const pending: string[] = [''];
  while (pending.length > 0) {
    signal?.throwIfAborted();
    // Read a batch of folders at once: a Go tree has ~1,500 of them.
    const batch = pending.splice(0, 32);
    const listings = await Promise.all(
      batch.map(async (rel) => ({ rel, items: await readdir(join(dir, rel), { withFileTypes: true }) })),
    );
    const files: TreeEntry[] = [];
    for (const { rel, items } of listings) {
      for (const item of items) {
        const path = `${rel}/${item.name}`;
        const entry: TreeEntry = {
          path,
          source: join(dir, path),
          kind: kindOf(item),
          size: 0,
          mtimeMs: 0,
          ctimeMs: 0,
          ino: 0,
        };
        entries.push(entry);
        if (entries.length > limits.maxEntries)
          throw new EngineError(
            appError(
              'E_ROOT_INVALID',
              `${dir} has more than ${limits.maxEntries} entries; a root has far fewer.`,
              {
                hint: 'Choose the root folder itself, not a folder above it.',
              },
            ),
          );
        if (entry.kind === 'directory') pending.push(path);
        else if (entry.kind === 'file') files.push(entry);
      }
    }
    await Promise.all(
      files.map(async (entry) => {
        const info = await lstat(entry.source);
        entry.size = info.size;
        entry.mtimeMs = info.mtimeMs;
        entry.ctimeMs = info.ctimeMs;
        entry.ino = info.ino;
      }),
    );
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
