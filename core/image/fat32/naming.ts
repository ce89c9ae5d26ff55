// Gives every node its short name and every folder its entry count (needs no geometry).

import { countEntries } from './dir-entries';
import { ShortNames } from './names';
import { directories, type DirNode, type TreeProblem } from '../tree/tree';

/** FAT limits a directory to 65,536 entries (2 MiB), counting LFN slots. */
export const maxDirectoryEntries = 65536;

/** Names the whole tree; returns the folders in layout order (pre-order, root first). */
export function nameTree(root: DirNode, problems: TreeProblem[]): DirNode[] {
  const dirs = directories(root);
  let paths: Map<DirNode, string> | undefined;
  for (const dir of dirs) {
    const shortNames = new ShortNames();
    const exact = dir.children.map((child) => shortNames.reserve(child.name));
    dir.children.forEach((child, i) => {
      child.short = exact[i] ?? shortNames.generate(child.name);
    });
    dir.entryCount = countEntries(dir, dir === root);
    if (dir.entryCount > maxDirectoryEntries)
      problems.push({
        path: (paths ??= folderPaths(root)).get(dir) ?? dir.name,
        kind: 'other',
        message: `needs ${dir.entryCount} directory entries; FAT allows ${maxDirectoryEntries}: split the folder`,
      });
  }
  return dirs;
}

/** Folder paths for messages, computed only when needed. */
export function folderPaths(root: DirNode): Map<DirNode, string> {
  const paths = new Map<DirNode, string>([[root, '/']]);
  for (const dir of directories(root))
    for (const child of dir.children)
      if (child.kind === 'dir')
        paths.set(child, `${paths.get(dir) === '/' ? '' : paths.get(dir)}/${child.name}`);
  return paths;
}
