// Uses a root the user already has: a folder as it is, or an archive extracted safely into a folder.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RootManifest } from '../../contract';
import { appError, fail, toAppError, type Result } from '../errors';
import { extractArchive } from './archive/extract';
import type { ExtractLimits } from './archive/limits';
import { requireValidRoot } from './inspect';
import { madeByUs, outputState } from './output-folder';
import { cacheHome } from './paths';
import type { RootEvents } from './progress';

export interface LocalOptions extends RootEvents {
  /** A root folder, or a .tar / .tar.gz / .tar.xz / .tar.zst archive of one. */
  path: string;
  /** Where to extract an archive (default: a cache folder named after the archive's contents). */
  out?: string;
  signal?: AbortSignal;
  limits?: Partial<ExtractLimits>;
  /** Where the records of folders we made are kept (tests). */
  registry?: string;
}

async function sha256Of(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20, ...(signal ? { signal } : {}) }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function useLocalRoot(options: LocalOptions): Promise<Result<RootManifest>> {
  try {
    const info = await stat(options.path).catch(() => null);
    if (!info) return fail(appError('E_IO', `${options.path} does not exist`));
    if (info.isDirectory()) return await requireValidRoot(options.path, options.signal);
    if (options.out) await outputState(resolve(options.out), options.registry);
    // Keyed by content, not by path and time (L5): a changed archive never reuses an old extraction.
    const sha256 = await sha256Of(options.path, options.signal);
    const out = resolve(options.out ?? join(cacheHome(), 'local-roots', sha256.slice(0, 32)));
    const made = await madeByUs(out, options.registry);
    if (made?.archive !== sha256) {
      await extractArchive({ ...options, archive: options.path, dest: out, archiveSha256: sha256 });
    }
    return await requireValidRoot(out, options.signal);
  } catch (thrown) {
    return fail(toAppError(thrown, `Opening the root at ${options.path}`));
  }
}
