// Gets a root by download: from a URL with its SHA-256 (and size, when a signed channel states it); verified, then extracted.

import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { RootManifest } from '../../contract';
import { appError, EngineError, fail, toAppError, type Result } from '../errors';
import { extractArchive } from './archive/extract';
import { defaultCapBytes, lookup, partialPath, store, type DownloadCache } from './download/cache';
import { downloadFile } from './download/http-download';
import { requireValidRoot } from './inspect';
import { outputState } from './output-folder';
import { downloadCacheDir } from './paths';
import type { RootEvents } from './progress';

export interface FetchOptions extends RootEvents {
  /** An archive's URL; signed channels are read by core/channel/fetch.ts, which calls this. */
  url: string;
  sha256?: string;
  out: string;
  /** The archive's size as a manifest states it; a download bringing more or less is refused. */
  size?: number;
  cache?: DownloadCache;
  /** Where the records of folders we made are kept (tests). */
  registry?: string;
  signal?: AbortSignal;
  retries?: number;
  backoffMs?: number;
  /** Awaited after extraction, before the root is put at `out`; a throw keeps nothing (channel kernels). */
  beforeInstall?: () => Promise<void>;
}

/**
 * The verified archive for `sha256`: from the cache, or downloaded (resuming a partial one). Throws
 * an EngineError (E_CHECKSUM) when the download has another hash; nothing of it is kept.
 */
export async function downloadVerified(
  options: FetchOptions & { sha256: string },
  cache: DownloadCache,
): Promise<string> {
  const cached = await lookup(cache, options.sha256, options.signal);
  if (cached.status === 'hit') {
    options.onLog?.('info', `download: using the cached copy of ${options.sha256.slice(0, 12)}`);
    return cached.path;
  }
  if (cached.status === 'tampered')
    options.onLog?.(
      'warn',
      `download: the cached copy of ${options.sha256.slice(0, 12)} changed on disk (now ${cached.sha256.slice(0, 12)}); it was deleted and is downloaded again`,
    );
  const file = await partialPath(cache, options.sha256);
  const got = await downloadFile({
    ...options,
    file,
    ...(options.size === undefined ? {} : { expectedBytes: options.size }),
  });
  options.onProgress?.({
    phase: 'verifying',
    step: options.url,
    bytesDone: got.bytes,
    bytesTotal: got.bytes,
    speed: 0,
  });
  if (got.sha256 !== options.sha256) {
    await rm(file, { force: true }); // a wrong file must not be resumed from
    throw new EngineError(
      appError(
        'E_CHECKSUM',
        `${options.url} has SHA-256 ${got.sha256}, expected ${options.sha256}; it was deleted, nothing was extracted.`,
      ),
    );
  }
  return store(cache, options.sha256, file);
}

export async function fetchRoot(options: FetchOptions): Promise<Result<RootManifest>> {
  const cache = options.cache ?? { dir: downloadCacheDir(), capBytes: defaultCapBytes };
  try {
    // Refused before a byte is downloaded: the folder must be new, empty or a root of ours.
    await outputState(resolve(options.out), options.registry);
    const { url, size } = options;
    const sha256 = (options.sha256 ?? '').toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha256)) {
      return fail(
        appError('E_BAD_REQUEST', `A root download needs its SHA-256 (64 hex digits), got "${sha256}".`, {
          hint: 'Pass --sha256 with the checksum published next to the archive.',
        }),
      );
    }
    const stated = size === undefined ? {} : { size };
    const archive = await downloadVerified({ ...options, ...stated, url, sha256 }, cache);
    await extractArchive({ ...options, archive, dest: options.out, archiveSha256: sha256 });
    return await requireValidRoot(options.out, options.signal);
  } catch (thrown) {
    return fail(toAppError(thrown, `Fetching the root from ${options.url}`));
  }
}
