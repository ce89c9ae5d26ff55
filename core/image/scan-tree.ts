// Reads a source tree's metadata (never its contents) and finds everything VFAT cannot hold.

import type { Stats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { appError, fail, ok, toAppError, type Result } from '../errors';
import { nameProblem } from './names';
import { childPath, maxFileSize, sortProblems, type DirNode, type Node, type TreeProblem } from './tree';

export interface ScanOptions {
  followSymlinks?: boolean;
  signal?: AbortSignal;
}

export interface ScannedTree {
  root: DirNode;
  problems: TreeProblem[];
}

/** Whether this process may read a file, judged from its mode bits (no extra system call). */
function readable(st: Stats): boolean {
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0) return true;
  if (st.uid === uid) return (st.mode & 0o400) !== 0;
  const gids = [process.getgid?.(), ...(process.getgroups?.() ?? [])];
  if (gids.includes(st.gid)) return (st.mode & 0o040) !== 0;
  return (st.mode & 0o004) !== 0;
}

const kindOf = (st: Stats): string =>
  st.isFIFO()
    ? 'a FIFO'
    : st.isSocket()
      ? 'a socket'
      : st.isCharacterDevice() || st.isBlockDevice()
        ? 'a device'
        : 'not a regular file';

class Scanner {
  readonly problems: TreeProblem[] = [];
  constructor(
    private readonly rootReal: string,
    private readonly options: ScanOptions,
  ) {}

  problem(path: string, kind: TreeProblem['kind'], message: string): void {
    this.problems.push({ path, kind, message });
  }

  /** Scans a directory's children into `dir`; `seen` holds the dev:ino of its ancestors (link loops). */
  async scanDir(abs: string, path: string, dir: DirNode, seen: Set<string>): Promise<void> {
    this.options.signal?.throwIfAborted();
    let names: string[];
    try {
      names = (await readdir(abs)).sort();
    } catch (thrown) {
      this.problem(path, 'unreadable', `the folder cannot be read (${(thrown as Error).message})`);
      return;
    }
    const byUpper = new Map<string, string>();
    for (const name of names) {
      const upper = name.toUpperCase();
      const other = byUpper.get(upper);
      if (other !== undefined)
        this.problem(
          childPath(path, name),
          'case-collision',
          `differs from "${other}" only in case; VFAT ignores case`,
        );
      else byUpper.set(upper, name);
      const bad = nameProblem(name);
      if (bad) this.problem(childPath(path, name), 'illegal-name', bad);
    }
    const nodes = await Promise.all(
      names.map((name) => this.scanEntry(join(abs, name), childPath(path, name), name, seen)),
    );
    for (const node of nodes) if (node) dir.children.push(node);
  }

  async scanEntry(abs: string, path: string, name: string, seen: Set<string>): Promise<Node | undefined> {
    let st: Stats;
    try {
      st = await lstat(abs);
      if (st.isSymbolicLink()) {
        const target = await this.followable(abs, path);
        if (target === undefined) return undefined;
        st = await stat(abs);
      }
    } catch (thrown) {
      this.problem(path, 'unreadable', `cannot be read: ${(thrown as Error).message}`);
      return undefined;
    }
    if (st.isDirectory()) {
      const id = `${st.dev}:${st.ino}`;
      if (seen.has(id)) {
        this.problem(path, 'symlink', 'a link that leads back into its own folder (a loop); remove it');
        return undefined;
      }
      const dir: DirNode = { kind: 'dir', name, mtimeMs: st.mtimeMs, children: [] };
      await this.scanDir(abs, path, dir, new Set(seen).add(id));
      return dir;
    }
    if (!st.isFile()) {
      this.problem(path, 'unreadable', `is ${kindOf(st)}; only files and folders can go on the stick`);
      return undefined;
    }
    if (st.size > maxFileSize) {
      this.problem(
        path,
        'too-large-file',
        `is ${st.size} bytes; FAT32 files must be under 4 GiB (${maxFileSize} bytes at most)`,
      );
      return undefined;
    }
    if (!readable(st)) {
      this.problem(path, 'unreadable', 'you may not read this file (check its permissions)');
      return undefined;
    }
    return { kind: 'file', name, size: st.size, mtimeMs: st.mtimeMs, source: abs };
  }

  /** The link's real target when it may be followed; otherwise records why not. */
  async followable(abs: string, path: string): Promise<string | undefined> {
    if (!this.options.followSymlinks) {
      this.problem(
        path,
        'symlink',
        'is a symbolic link; VFAT has none: replace it with a copy, or allow following links that stay inside the tree',
      );
      return undefined;
    }
    let target: string;
    try {
      target = await realpath(abs);
    } catch {
      this.problem(path, 'symlink', 'is a symbolic link to something that does not exist');
      return undefined;
    }
    if (target !== this.rootReal && !target.startsWith(this.rootReal + sep)) {
      this.problem(path, 'symlink', `is a symbolic link to ${target}, outside the tree; copy it in instead`);
      return undefined;
    }
    return target;
  }
}

/** Scans `tree` into nodes; problems are collected, not returned as errors, so all show at once. */
export async function scanTree(tree: string, options: ScanOptions = {}): Promise<Result<ScannedTree>> {
  try {
    const rootStat = await stat(tree);
    if (!rootStat.isDirectory()) return fail(appError('E_IO', `${tree} is not a folder`));
    const scanner = new Scanner(await realpath(tree), options);
    const root: DirNode = { kind: 'dir', name: '', mtimeMs: rootStat.mtimeMs, children: [] };
    await scanner.scanDir(tree, '/', root, new Set([`${rootStat.dev}:${rootStat.ino}`]));
    return ok({ root, problems: sortProblems(scanner.problems) });
  } catch (thrown) {
    return fail(toAppError(thrown, `reading the folder ${tree}`));
  }
}

/** The checks alone: every problem VFAT would have with `tree`, for callers that compose later. */
export async function checkTree(tree: string, options: ScanOptions = {}): Promise<Result<TreeProblem[]>> {
  const scanned = await scanTree(tree, options);
  return scanned.ok ? ok(scanned.value.problems) : scanned;
}
