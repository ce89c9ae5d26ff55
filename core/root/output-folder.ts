// Output folders (F7): a root is written only into a new or empty folder, or into one Sourcery Flasher
// made. What we made is recorded outside the folder (the root's tree stays exactly the root), keyed by
// its real path and checked against its device, inode and birth time, so a folder later put in its
// place is not ours.

import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, realpath, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { appError, EngineError } from '../errors';
import { cacheHome } from './paths';

/** Where the records of folders we made live (one small JSON file per folder). */
export const madeRootsDir = (): string => join(cacheHome(), 'made-roots');

export interface MadeRecord {
  path: string;
  dev: number;
  ino: number;
  /** Inode numbers are reused at once: the birth time tells a folder made again at the same path. */
  born: number;
  /** For a folder extracted from an archive: the archive's SHA-256. */
  archive?: string;
}

export type OutputState = 'new' | 'empty' | 'ours';

const recordPath = (registry: string, real: string) =>
  join(registry, `${createHash('sha256').update(real).digest('hex').slice(0, 32)}.json`);

/** The record of `dir` when Sourcery Flasher made it and it is still that same folder; else null. */
export async function madeByUs(dir: string, registry = madeRootsDir()): Promise<MadeRecord | null> {
  const info = await lstat(dir).catch(() => null);
  if (!info?.isDirectory()) return null;
  const real = await realpath(dir);
  try {
    const record = JSON.parse(await readFile(recordPath(registry, real), 'utf8')) as MadeRecord;
    const same =
      record.path === real &&
      record.dev === info.dev &&
      record.ino === info.ino &&
      record.born === info.birthtimeMs;
    return same ? record : null;
  } catch {
    return null;
  }
}

/** Records that `dir` (as it is now) is a folder Sourcery Flasher made. */
export async function recordMade(
  dir: string,
  extra: { archive?: string } = {},
  registry = madeRootsDir(),
): Promise<void> {
  const real = await realpath(dir);
  const info = await lstat(real);
  await mkdir(registry, { recursive: true, mode: 0o700 });
  const record: MadeRecord = { path: real, dev: info.dev, ino: info.ino, born: info.birthtimeMs, ...extra };
  // Written beside and renamed, so a reader never sees half a record.
  const file = recordPath(registry, real);
  await writeFile(`${file}.${process.pid}`, JSON.stringify(record));
  await rename(`${file}.${process.pid}`, file);
}

function refuse(out: string, why: string): never {
  throw new EngineError(
    appError('E_PATH_REFUSED', `${out} ${why}.`, {
      hint: 'Choose a new or empty folder for the root (or one Sourcery Flasher made); nothing in it was touched.',
    }),
  );
}

/** Whether `out` may receive a root: new, empty, or ours. Refuses links, files and other folders. */
export async function outputState(out: string, registry = madeRootsDir()): Promise<OutputState> {
  const info = await lstat(out).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (!info) return 'new';
  if (info.isSymbolicLink()) refuse(out, 'is a symbolic link');
  if (!info.isDirectory()) refuse(out, 'exists and is not a folder');
  if ((await readdir(out)).length === 0) return 'empty';
  if (await madeByUs(out, registry)) return 'ours';
  return refuse(out, 'is a folder with files in it that Sourcery Flasher did not make');
}

/** Makes `out` a folder of ours to build into: created when new, recorded when new or empty. */
export async function claimOutput(out: string, registry = madeRootsDir()): Promise<string> {
  const dir = resolve(out);
  const state = await outputState(dir, registry);
  if (state === 'new') {
    await mkdir(dirname(dir), { recursive: true });
    await mkdir(dir); // not recursive: a folder that appeared meanwhile is an error, not adopted
  }
  if (state !== 'ours') await recordMade(dir, {}, registry);
  return dir;
}
