// The in-memory tree the composer lays out: metadata only, no file contents from the source tree.

import type { ShortName } from '../fat32/names';
import type { SourceId } from '../../io/plan';

export interface FileNode {
  kind: 'file';
  name: string;
  size: number;
  mtimeMs: number;
  /** Absolute path of the source file, or `data` for files made in memory. */
  source?: string;
  /** With `source`: its device and inode as scanned (the plan's SourceId). */
  dev?: number;
  ino?: number;
  data?: Uint8Array;
  /** A boot file the caller added (extras.ts), laid out after the tree's files. */
  extra?: boolean;
  /** Set during layout. */
  short?: ShortName;
  cluster?: number;
}

export interface DirNode {
  kind: 'dir';
  name: string;
  mtimeMs: number;
  children: Node[];
  short?: ShortName;
  cluster?: number;
  /** Directory entries (32 bytes each) this directory needs, set during naming. */
  entryCount?: number;
}

export type Node = FileNode | DirNode;

/** A source file's identity as scanned; a node made without one matches no file, so it is never read. */
export const sourceIdOf = (file: FileNode): SourceId => ({
  dev: file.dev ?? -1,
  ino: file.ino ?? -1,
  size: file.size,
  mtimeMs: file.mtimeMs,
});

/** What the checks found wrong with a tree; every problem is reported, with its path on the stick. */
export interface TreeProblem {
  path: string;
  kind: 'case-collision' | 'illegal-name' | 'symlink' | 'too-large-file' | 'unreadable' | 'other';
  message: string;
}

/** Largest file FAT32 can hold: 4 GiB - 1. */
export const maxFileSize = 0xffffffff;

export const childPath = (parent: string, name: string): string =>
  parent === '/' ? `/${name}` : `${parent}/${name}`;

/** Finds a node by its path on the stick, ignoring case as VFAT does. */
export function findNode(root: DirNode, path: string): Node | undefined {
  let node: Node = root;
  for (const part of path.split('/').filter((p) => p.length > 0)) {
    if (node.kind !== 'dir') return undefined;
    const wanted = part.toUpperCase();
    const next: Node | undefined = node.children.find((c) => c.name.toUpperCase() === wanted);
    if (!next) return undefined;
    node = next;
  }
  return node;
}

/** Every directory, parents before children (pre-order), without recursion (trees can be deep). */
export function directories(root: DirNode): DirNode[] {
  const out: DirNode[] = [];
  const stack: DirNode[] = [root];
  while (stack.length > 0) {
    const dir = stack.pop() as DirNode;
    out.push(dir);
    for (let i = dir.children.length - 1; i >= 0; i--) {
      const child = dir.children[i];
      if (child?.kind === 'dir') stack.push(child);
    }
  }
  return out;
}

/** Problems in path order, so reports read the same on every run. */
export const sortProblems = (problems: TreeProblem[]): TreeProblem[] =>
  [...problems].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.message < b.message ? -1 : 1));
