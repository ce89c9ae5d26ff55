// Uses a root the user already has: a folder as it is, or an archive extracted safely into a folder.

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RootManifest } from '../../contract';
import { appError, fail, toAppError, type Result } from '../errors';
import { extractArchive } from './archive/extract';
import { requireValidRoot } from './inspect';
import { cacheHome } from './paths';
import type { RootEvents } from './progress';
import { createHash } from 'node:crypto';

export interface LocalOptions extends RootEvents {
  /** A root folder, or a .tar / .tar.gz / .tar.xz / .tar.zst archive of one. */
  path: string;
  /** Where to extract an archive (default: a cache folder named after the archive). */
  out?: string;
  signal?: AbortSignal;
}

export async function useLocalRoot(options: LocalOptions): Promise<Result<RootManifest>> {
  try {
    const info = await stat(options.path).catch(() => null);
    if (!info) return fail(appError('E_IO', `${options.path} does not exist`));
    if (info.isDirectory()) return await requireValidRoot(options.path, options.signal);
    const key = createHash('sha256').update(`${options.path}\0${info.size}\0${info.mtimeMs}`).digest('hex');
    const out = options.out ?? join(cacheHome(), 'local-roots', key.slice(0, 16));
    if (!(await stat(out).catch(() => null)))
      await extractArchive({ ...options, archive: options.path, dest: out });
    return await requireValidRoot(out, options.signal);
  } catch (thrown) {
    return fail(toAppError(thrown, `Opening the root at ${options.path}`));
  }
}
