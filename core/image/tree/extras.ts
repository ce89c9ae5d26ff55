// Adds the caller's extra files (boot loaders, configs) to a scanned tree, creating folders as needed.

import { realpath, stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { nameProblem } from '../fat32/names';
import { childPath, maxFileSize, type DirNode, type FileNode, type TreeProblem } from './tree';

export interface ExtraFile {
  /** Path on the stick, e.g. '/syslinux.cfg', '/EFI/BOOT/BOOTX64.EFI'. */
  path: string;
  /** Contents in memory ... */
  data?: Uint8Array;
  /** ... or an absolute file path on disk (exactly one of data/source). */
  source?: string;
  /** Must be laid out in one run of clusters. Every file is, so this is a promise we keep for all. */
  contiguous?: boolean;
}

/** Metadata of an extra file from disk, or a problem. */
async function describe(extra: ExtraFile, now: number): Promise<Omit<FileNode, 'name' | 'kind'> | string> {
  if ((extra.data === undefined) === (extra.source === undefined))
    return 'give exactly one of data and source';
  if (extra.data) return { size: extra.data.length, mtimeMs: now, data: extra.data };
  const source = extra.source as string;
  if (!isAbsolute(source)) return `its source ${source} is not an absolute path`;
  try {
    // Read later at the link's target, opened without following links (plan.ts, SourceId).
    const real = await realpath(source);
    const st = await stat(real);
    if (!st.isFile()) return `its source ${source} is not a file`;
    if (st.size > maxFileSize) return `its source is ${st.size} bytes; FAT32 files must be under 4 GiB`;
    return { size: st.size, mtimeMs: st.mtimeMs, source: real, dev: st.dev, ino: st.ino };
  } catch (thrown) {
    return `its source cannot be read: ${(thrown as Error).message}`;
  }
}

/** Puts each extra file into `root`; a clash with a tree path (ignoring case) is a problem. */
export async function addExtraFiles(
  root: DirNode,
  extras: ExtraFile[],
  problems: TreeProblem[],
): Promise<void> {
  const now = Date.now();
  const described = await Promise.all(extras.map((extra) => describe(extra, now)));
  extras.forEach((extra, i) => {
    const info = described[i] as Awaited<ReturnType<typeof describe>>;
    const parts = extra.path.split('/').filter((p) => p.length > 0);
    const problem = (kind: TreeProblem['kind'], message: string) =>
      problems.push({ path: extra.path, kind, message });
    if (!extra.path.startsWith('/') || parts.length === 0)
      return problem('other', 'a boot file path must start with "/" and name a file');
    if (typeof info === 'string') return problem('unreadable', info);
    const bad = parts.map(nameProblem).find((p) => p !== undefined);
    if (bad) return problem('illegal-name', bad);
    let dir = root;
    let path = '/';
    for (const [index, part] of parts.entries()) {
      path = childPath(path, part);
      const existing = dir.children.find((c) => c.name.toUpperCase() === part.toUpperCase());
      const last = index === parts.length - 1;
      if (last) {
        if (existing)
          return problem(
            'other',
            `clashes with ${path}, which is already there (from the tree or another boot file)`,
          );
        dir.children.push({ kind: 'file', name: part, ...info, extra: true });
      } else if (!existing) {
        const created: DirNode = { kind: 'dir', name: part, mtimeMs: now, children: [] };
        dir.children.push(created);
        dir = created;
      } else if (existing.kind === 'dir') {
        dir = existing;
      } else {
        return problem('other', `needs a folder ${path}, but that is a file in the tree`);
      }
    }
  });
}
