// Reads a source tree's metadata (never its contents) and finds everything VFAT cannot hold.

import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, sep } from 'node:path';
import { appError, fail, ok, toAppError, type Result } from '../../errors';
import { nameProblem } from '../fat32/names';
import { nameTree } from '../fat32/naming';
import {
  childPath,
  maxFileSize,
  sortProblems,
  type DirNode,
  type FileNode,
  type Node,
  type TreeProblem,
} from './tree';

export interface ScanOptions {
  followSymlinks?: boolean;
  signal?: AbortSignal;
  /** Called with each file that passed its checks (and its path on the stick), in layout order. */
  onFile?: (file: FileNode, path: string) => void;
}

export interface ScannedTree {
  root: DirNode;
  problems: TreeProblem[];
}

/** Whether this process may read a file, judged from its mode bits (no extra system call per file). */
function readableBy(): (st: Stats) => boolean {
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0) return () => true; // root (or Windows): mode bits do not stop us
  const gids = new Set([process.getgid?.(), ...(process.getgroups?.() ?? [])]);
  return (st) => {
    if (st.uid === uid) return (st.mode & 0o400) !== 0;
    if (gids.has(st.gid)) return (st.mode & 0o040) !== 0;
    return (st.mode & 0o004) !== 0;
  };
}

const kindOf = (st: Stats): string =>
  st.isFIFO()
    ? 'a FIFO'
    : st.isSocket()
      ? 'a socket'
      : st.isCharacterDevice() || st.isBlockDevice()
        ? 'a device'
        : 'not a regular file';

const message = (thrown: unknown): string => (thrown instanceof Error ? thrown.message : String(thrown));

/** How long the scan may hold the event loop before letting other work run. */
const sliceMs = 20;
/**
 * ... and when the files found are written meanwhile (compose-to-file.ts): each turn of the loop
 * hands the I/O threads their next chunks. At 20 ms they idled most of the scan and a tenth of the
 * Go tree was written by its end; at 2 ms all of it was, for about a hundred turns of the loop.
 */
const streamingSliceMs = 2;

/**
 * Synchronous calls, deliberately: an lstat through the thread pool costs several times the call
 * itself (the Go tree: 0.2 s synchronous, 0.45 s for the lstats alone asynchronously). The scan
 * gives the event loop back every 20 ms, so a UI in the same process stays responsive.
 */
class Scanner {
  readonly problems: TreeProblem[] = [];
  #sliceStart = performance.now();
  readonly #readable = readableBy();

  constructor(
    private readonly rootReal: string,
    private readonly options: ScanOptions,
  ) {}

  problem(path: string, kind: TreeProblem['kind'], text: string): void {
    this.problems.push({ path, kind, message: text });
  }

  async breathe(): Promise<void> {
    if (performance.now() - this.#sliceStart < (this.options.onFile ? streamingSliceMs : sliceMs)) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.options.signal?.throwIfAborted();
    this.#sliceStart = performance.now();
  }

  /** Scans a folder's children into `dir`; `seen` holds the dev:ino of its ancestors (link loops). */
  async scanDir(abs: string, path: string, dir: DirNode, seen: Set<string>): Promise<void> {
    await this.breathe();
    let names: string[];
    try {
      names = readdirSync(abs).sort();
    } catch (thrown) {
      this.problem(path, 'unreadable', `the folder cannot be read (${message(thrown)})`);
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
    // Every entry here first, then the subfolders: files are found in layout order (layout.ts).
    const subfolders: Array<{ abs: string; path: string; node: DirNode; id: string }> = [];
    for (const name of names) {
      const entryAbs = join(abs, name);
      const entryPath = childPath(path, name);
      const entry = this.scanEntry(entryAbs, entryPath, name, seen);
      if (!entry) continue;
      dir.children.push(entry.node);
      if (entry.id !== undefined)
        subfolders.push({ abs: entryAbs, path: entryPath, node: entry.node as DirNode, id: entry.id });
      else if (entry.node.kind === 'file') this.options.onFile?.(entry.node, entryPath);
    }
    for (const sub of subfolders) await this.scanDir(sub.abs, sub.path, sub.node, new Set(seen).add(sub.id));
  }

  /** One entry's node; a folder comes back empty, with its dev:ino, for the caller to scan. */
  scanEntry(
    abs: string,
    path: string,
    name: string,
    seen: Set<string>,
  ): { node: Node; id?: string } | undefined {
    let st: Stats;
    // A followed link is read at its target, so the writer can open it without following links.
    let source = abs;
    try {
      st = lstatSync(abs);
      if (st.isSymbolicLink()) {
        const target = this.followable(abs, path);
        if (target === undefined) return undefined;
        source = target;
        st = lstatSync(target);
      }
    } catch (thrown) {
      this.problem(path, 'unreadable', `cannot be read: ${message(thrown)}`);
      return undefined;
    }
    if (st.isDirectory()) {
      const id = `${st.dev}:${st.ino}`;
      if (seen.has(id)) {
        this.problem(path, 'symlink', 'is a link that leads back into its own folder (a loop); remove it');
        return undefined;
      }
      return { node: { kind: 'dir', name, mtimeMs: st.mtimeMs, children: [] }, id };
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
    if (!this.#readable(st)) {
      this.problem(path, 'unreadable', 'you may not read this file (check its permissions)');
      return undefined;
    }
    const { size, mtimeMs, dev, ino } = st;
    return { node: { kind: 'file', name, size, mtimeMs, source, dev, ino } };
  }

  /** Where a link leads, if it may be followed (it may, and it stays inside the tree); otherwise says why not. */
  followable(abs: string, path: string): string | undefined {
    if (!this.options.followSymlinks) {
      this.problem(
        path,
        'symlink',
        'is a symbolic link; VFAT has none: replace it with a copy (links that stay inside the tree can be followed if you allow it)',
      );
      return undefined;
    }
    let target: string;
    try {
      target = realpathSync(abs);
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
    const rootStat = statSync(tree);
    if (!rootStat.isDirectory()) return fail(appError('E_IO', `${tree} is not a folder.`));
    const scanner = new Scanner(realpathSync(tree), options);
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
  if (!scanned.ok) return scanned;
  const problems = [...scanned.value.problems];
  nameTree(scanned.value.root, problems); // adds folders with more entries than FAT allows
  return ok(sortProblems(problems));
}
