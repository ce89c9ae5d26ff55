// Copies a tree like rsync: follows symlinks, skips files whose size and time already match, prunes extras.

import { copyFile, lstat, mkdir, readdir, realpath, rm, stat, utimes } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { appError, EngineError } from '../../errors';
import { madeByUs } from '../output-folder';

export interface SyncOptions {
  /** Path relative to the source root, "/"-separated; false leaves it out (and unpruned). */
  include?: (rel: string) => boolean;
  /** Delete destination entries the source does not have (default true; needs `root`). */
  prune?: boolean;
  /**
   * The root folder `dest` lies in. Pruning deletes, so it happens only inside a folder Sourcery
   * Flasher made (output-folder.ts); anything else is refused before a file is touched.
   */
  root?: string;
  /** Follow a symbolic link only when it resolves inside `src` (command sources: no ~/.ssh via a link). */
  confine?: boolean;
  /** Where the records of folders we made are kept (tests). */
  registry?: string;
  signal?: AbortSignal;
}

export interface SyncResult {
  copied: number;
  skipped: number;
  bytes: number;
}

const parallel = 16;

const within = (parent: string, child: string) => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

function refuse(detail: string): never {
  throw new EngineError(appError('E_PATH_REFUSED', detail));
}

/** Refuses to prune anywhere but inside a root we made. */
async function checkPrunable(dest: string, options: SyncOptions): Promise<void> {
  if (options.prune === false) return;
  const root = options.root;
  if (!root || !within(root, dest) || !(await madeByUs(root, options.registry)))
    refuse(`${dest} is not inside a root Sourcery Flasher made, so nothing in it is deleted or replaced.`);
}

/** Makes `dest` hold what `src` holds; a second run with nothing changed only reads metadata. */
export async function syncCopy(src: string, dest: string, options: SyncOptions = {}): Promise<SyncResult> {
  await checkPrunable(dest, options);
  const realSrc = options.confine ? await realpath(src) : src;
  const result: SyncResult = { copied: 0, skipped: 0, bytes: 0 };
  const files: { from: string; to: string }[] = [];
  const walk = async (rel: string): Promise<void> => {
    options.signal?.throwIfAborted();
    const from = join(src, rel);
    const to = join(dest, rel);
    // A link planted in the destination would carry the copy (and the pruning) somewhere else.
    if ((await lstat(to).catch(() => null))?.isSymbolicLink()) refuse(`${to} is a symbolic link`);
    await mkdir(to, { recursive: true });
    const names = await readdir(from);
    await Promise.all(
      names.map(async (name) => {
        const childRel = rel ? `${rel}/${name}` : name;
        if (options.include && !options.include(childRel)) return;
        const path = join(from, name);
        if (options.confine && (await lstat(path)).isSymbolicLink()) {
          const target = await realpath(path).catch(() => '');
          if (!target || !within(realSrc, target))
            refuse(`${path} is a link to ${target || 'nothing'}, outside ${src}; a root takes no links out.`);
        }
        const info = await stat(path); // follows symlinks: Debian's GOROOT is made of them
        if (info.isDirectory()) await walk(childRel);
        else if (info.isFile()) files.push({ from: path, to: join(to, name) });
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
      const [a, b] = await Promise.all([stat(file.from), lstat(file.to).catch(() => null)]);
      if (b?.isFile() && b.size === a.size && Math.abs(b.mtimeMs - a.mtimeMs) < 1) {
        result.skipped += 1;
        continue;
      }
      await rm(file.to, { force: true }); // a running binary cannot be overwritten in place; a link goes too
      await copyFile(file.from, file.to);
      await utimes(file.to, a.atime, a.mtime);
      result.copied += 1;
      result.bytes += a.size;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return result;
}
