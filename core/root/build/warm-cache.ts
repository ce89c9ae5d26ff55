// The warm Go build cache a root keeps per architecture (/linux_<arch>/gocache): exactly the compiled
// packages its commands need, taken from the compile check's cache, so a first command on the target
// links instead of compiling the standard library. init points GOCACHE at it (resources/go/init).

import { readdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { GoArch } from '../../../contract';
import { syncCopy, type SyncResult } from './sync-copy';

/** The folder in a root, relative to it. */
export const warmCachePath = (arch: GoArch): string => `linux_${arch}/gocache`;

/**
 * Entries of `gocache` to keep: every output file ("<output id>-d") the commands need, and every action
 * index file ("<action id>-a", which reads "v1 <action id> <output id> <size> <time>") that points to one.
 */
export async function warmEntries(gocache: string, outputs: Set<string>): Promise<Set<string>> {
  const keep = new Set<string>();
  const wanted = new Set<string>();
  for (const output of outputs) {
    const rel = `${basename(dirname(output))}/${basename(output)}`;
    keep.add(rel);
    wanted.add(basename(output).replace(/-d$/, ''));
  }
  for (const sub of await readdir(gocache).catch(() => [])) {
    if (!/^[0-9a-f]{2}$/.test(sub)) continue;
    for (const name of await readdir(join(gocache, sub))) {
      if (!name.endsWith('-a')) continue;
      const fields = (await readFile(join(gocache, sub, name), 'utf8').catch(() => '')).split(' ');
      if (fields[0] === 'v1' && wanted.has(fields[2] ?? '')) keep.add(`${sub}/${name}`);
    }
  }
  return keep;
}

export interface WarmCacheOptions {
  /** The root (a folder Sourcery Flasher made) and where records of such folders are kept. */
  out: string;
  registry?: string;
  arch: GoArch;
  gocache: string;
  outputs: Set<string>;
  signal?: AbortSignal;
}

/** Copies the needed entries into the root's /linux_<arch>/gocache, deleting any others there. */
export async function writeWarmCache(options: WarmCacheOptions): Promise<SyncResult> {
  const keep = await warmEntries(options.gocache, options.outputs);
  const include = (rel: string) => /^[0-9a-f]{2}$/.test(rel) || keep.has(rel);
  const dest = join(options.out, warmCachePath(options.arch));
  // Entries an earlier build kept and this one does not need go (the copy leaves excluded names alone).
  for (const sub of await readdir(dest).catch(() => [])) {
    for (const name of await readdir(join(dest, sub)).catch(() => [])) {
      if (!keep.has(`${sub}/${name}`)) await rm(join(dest, sub, name), { force: true });
    }
  }
  return syncCopy(options.gocache, dest, {
    include,
    root: options.out,
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
