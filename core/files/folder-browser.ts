// The browser shell's folder browser: lists what a field accepts, starting at home, walking only where it showed.

import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  appError,
  fail,
  fieldAccepts,
  ok,
  type ChosenPath,
  type FolderEntry,
  type FolderListing,
  type PathField,
  type Result,
} from '../../contract';

/** Never listed, never entered: the kernel's and devices' pseudo-files. */
const closedTops = ['/proc', '/sys', '/dev'];
const maxEntries = 2000;
/** Paths handed out in listings that may be asked for next; the oldest are forgotten first. */
const maxShown = 50_000;

const within = (parent: string, child: string) => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

const what: Record<PathField, string> = {
  root: 'a folder or a root archive (.tar, .tar.gz, .tar.xz, .tar.zst)',
  kernel: 'a kernel file or a linux-image .deb',
  image: 'an image file ending in .img',
};

const refused = (path: string, why: string, hint: string) =>
  fail<never>(appError('E_PATH_REFUSED', `${path.slice(0, 500)} ${why}.`, { hint }));

export interface FolderBrowserOptions {
  /** Where browsing starts: the user's home folder. */
  home: string;
}

export class FolderBrowser {
  private readonly shown = new Map<string, true>();
  private readonly home: string;

  constructor(options: FolderBrowserOptions) {
    this.home = resolve(options.home);
  }

  /** Lists `dir` (home when left out) for `field`: folders to walk through and the items it accepts. */
  async list(field: PathField, dir?: string): Promise<Result<FolderListing>> {
    const target = resolve(dir ?? this.home);
    if (target !== this.home && !this.shown.has(target))
      return refused(
        target,
        'is not a folder the folder browser showed',
        'Start again from your home folder.',
      );
    const closed = await this.closedProblem(target);
    if (closed) return refused(target, closed, 'Choose a folder of your own.');
    let dirents: Dirent[];
    try {
      dirents = await readdir(target, { withFileTypes: true });
    } catch (thrown) {
      const code = (thrown as NodeJS.ErrnoException).code;
      return fail(
        appError('E_IO', `${target} cannot be read (${code ?? 'error'}).`, {
          hint:
            code === 'EACCES' || code === 'EPERM'
              ? 'You may not open this folder; go back and choose another.'
              : 'Go back and choose another folder.',
          cause: String((thrown as Error).message),
        }),
      );
    }
    const entries: FolderEntry[] = [];
    for (const dirent of dirents) {
      if (dirent.name.startsWith('.')) continue;
      const path = join(target, dirent.name);
      if (closedTops.includes(path)) continue;
      const entry = await entryOf(field, dirent, path);
      if (entry) entries.push(entry);
    }
    entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
    const shownEntries = entries.slice(0, maxEntries);
    const parent = dirname(target) === target ? undefined : dirname(target);
    for (const path of [...(parent ? [parent] : []), ...shownEntries.map((e) => e.path)]) this.remember(path);
    return ok({
      field,
      dir: target,
      ...(parent ? { parent } : {}),
      home: this.home,
      entries: shownEntries,
      truncated: entries.length > maxEntries,
    });
  }

  /**
   * The user chose `path` for `field`: it must be an item a listing showed and the field accepts, or,
   * for an image to save, a new `.img` name inside a folder a listing showed.
   */
  async choose(field: PathField, path: string): Promise<Result<ChosenPath>> {
    const target = resolve(path);
    const info = await stat(target).catch(() => null);
    const hint = `Choose ${what[field]} from the list.`;
    if (!info && field === 'image') {
      const folder = dirname(target);
      const name = basename(target);
      if (folder !== this.home && !this.shown.has(folder))
        return refused(folder, 'is not a folder the folder browser showed', hint);
      if (name.startsWith('.') || !fieldAccepts('image', name, 'file') || name.length > 255)
        return refused(target, 'is not a file name ending in .img', 'Name the image like sourcery.img.');
      const closed = await this.closedProblem(folder);
      return closed ? refused(folder, closed, hint) : ok({ field, path: target, kind: 'file' });
    }
    if (!this.shown.has(target)) return refused(target, 'is not an item the folder browser showed', hint);
    if (!info) return refused(target, 'is gone', 'Open its folder again.');
    const kind = info.isDirectory() ? 'folder' : 'file';
    if (!fieldAccepts(field, basename(target), kind) || !(info.isDirectory() || info.isFile()))
      return refused(target, `is not ${what[field]}`, hint);
    const closed = await this.closedProblem(target);
    return closed ? refused(target, closed, hint) : ok({ field, path: target, kind });
  }

  /** Why the real place behind `path` may not be listed or chosen (a link into /proc, a hidden folder). */
  private async closedProblem(path: string): Promise<string | undefined> {
    const real = await realpath(path).catch(() => path);
    if (closedTops.some((top) => within(top, real))) return 'is a system folder';
    const realHome = await realpath(this.home).catch(() => this.home);
    const beyond = within(realHome, real) ? relative(realHome, real) : real;
    if (beyond.split(sep).some((segment) => segment.startsWith('.'))) return 'is in a hidden folder';
    return undefined;
  }

  private remember(path: string): void {
    this.shown.delete(path);
    this.shown.set(path, true);
    if (this.shown.size > maxShown) this.shown.delete(this.shown.keys().next().value as string);
  }
}

/** A listing row, or undefined for what the field does not take, broken links and special files. */
async function entryOf(field: PathField, dirent: Dirent, path: string): Promise<FolderEntry | undefined> {
  let kind: 'folder' | 'file' | undefined;
  let size: number | undefined;
  if (dirent.isDirectory()) kind = 'folder';
  else if (dirent.isFile() || dirent.isSymbolicLink()) {
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) kind = 'folder';
    else if (info?.isFile()) [kind, size] = ['file', info.size];
  }
  if (!kind) return undefined;
  const accepted = fieldAccepts(field, dirent.name, kind);
  if (kind === 'file' && !accepted) return undefined;
  return { name: dirent.name, path, kind, accepted, ...(size === undefined ? {} : { size }) };
}
