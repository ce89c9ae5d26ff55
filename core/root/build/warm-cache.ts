// The warm Go build cache a root keeps per architecture (/linux_<arch>/gocache): exactly the compiled
// packages its commands need, taken from the compile check's cache, so a first command on the target
// links instead of compiling the standard library. init points GOCACHE at it (resources/go/init).

import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { GoArch } from '../../../contract';
import { syncCopy, type SyncResult } from './sync-copy';

/** The folder in a root, relative to it. */
export const warmCachePath = (arch: GoArch): string => `linux_${arch}/gocache`;

/** Go's cache.Subkey: the action ID under which go keeps something derived from an action (its "stdout"). */
export function subkey(actionId: string, key: string): string {
  return createHash('sha256')
    .update('subkey:')
    .update(Buffer.from(actionId, 'hex'))
    .update(key)
    .digest('hex');
}

/** An action index file ("<action id>-a") reads "v1 <action id> <output id> <size> <time>". */
async function readIndex(gocache: string, actionId: string): Promise<string | null> {
  const text = await readFile(join(gocache, actionId.slice(0, 2), `${actionId}-a`), 'utf8').catch(() => '');
  const fields = text.split(/ +/);
  return fields[0] === 'v1' && fields[1] === actionId ? (fields[2] ?? null) : null;
}

const entry = (id: string, suffix: 'a' | 'd') => `${id.slice(0, 2)}/${id}-${suffix}`;

/**
 * Entries of `gocache` to keep: every output file ("<output id>-d") the commands need, every action
 * index file ("<action id>-a") that points to one, and each such action's "stdout" record with its
 * output. go takes a compiled package from the cache only if it can replay the compiler's output too
 * (showStdout in cmd/go's buildid.go), so without those records every package compiles again.
 */
export async function warmEntries(gocache: string, outputs: Set<string>): Promise<Set<string>> {
  const keep = new Set<string>();
  const wanted = new Set<string>();
  for (const output of outputs) {
    keep.add(`${basename(dirname(output))}/${basename(output)}`);
    wanted.add(basename(output).replace(/-d$/, ''));
  }
  for (const sub of await readdir(gocache).catch(() => [])) {
    if (!/^[0-9a-f]{2}$/.test(sub)) continue;
    for (const name of await readdir(join(gocache, sub))) {
      if (!name.endsWith('-a')) continue;
      const action = name.slice(0, -2);
      const output = await readIndex(gocache, action);
      if (!output || !wanted.has(output)) continue;
      keep.add(entry(action, 'a'));
      const stdout = subkey(action, 'stdout');
      const printed = await readIndex(gocache, stdout);
      if (printed) keep.add(entry(stdout, 'a')).add(entry(printed, 'd'));
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
