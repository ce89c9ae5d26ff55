// Gets a root by download: from a URL with its SHA-256, or from a channel manifest; verified, then extracted.

import { rm } from 'node:fs/promises';
import type { GoArch, RootManifest } from '../../contract';
import { appError, fail, ok, toAppError, type Result } from '../errors';
import { extractArchive } from './archive/extract';
import { defaultCapBytes, lookup, partialPath, store, type DownloadCache } from './download/cache';
import { parseChannel, pickRoot } from './download/channel';
import { downloadFile } from './download/http-download';
import { requireValidRoot } from './inspect';
import { downloadCacheDir } from './paths';
import type { RootEvents } from './progress';

export interface FetchOptions extends RootEvents {
  /** An archive's URL (needs `sha256`) or, with `channel`, a channel manifest's URL. */
  url: string;
  sha256?: string;
  channel?: boolean;
  /** With a channel: the architectures the root must serve. */
  archs?: GoArch[];
  out: string;
  cache?: DownloadCache;
  signal?: AbortSignal;
  retries?: number;
  backoffMs?: number;
}

async function fetchText(url: string, signal?: AbortSignal): Promise<string> {
  const response = await fetch(url, signal ? { signal } : {});
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
  return response.text();
}

/** Resolves a channel to one root's URL and checksum. */
async function fromChannel(options: FetchOptions): Promise<Result<{ url: string; sha256: string }>> {
  const parsed = parseChannel(await fetchText(options.url, options.signal), options.url);
  if ('error' in parsed)
    return fail(appError('E_DOWNLOAD', `The channel ${options.url} is not valid: ${parsed.error}`));
  const archs = options.archs ?? [];
  const root = pickRoot(parsed.channel, archs);
  if (!root)
    return fail(
      appError(
        'E_DOWNLOAD',
        `The channel ${options.url} has no root for ${archs.join(', ') || 'any architecture'}.`,
      ),
    );
  options.onLog?.(
    'info',
    `channel: ${root.name ?? root.url} (${root.date}, ${root.goVersion}, ${root.archs.join(', ')})`,
  );
  return ok({ url: root.url, sha256: root.sha256 });
}

/** The verified archive for `sha256`: from the cache, or downloaded (resuming a partial one). */
export async function downloadVerified(
  options: FetchOptions & { sha256: string },
  cache: DownloadCache,
): Promise<string> {
  const cached = await lookup(cache, options.sha256);
  if (cached) {
    options.onLog?.('info', `download: using the cached copy of ${options.sha256.slice(0, 12)}`);
    return cached;
  }
  const file = await partialPath(cache, options.sha256);
  const got = await downloadFile({ ...options, file });
  options.onProgress?.({
    phase: 'verifying',
    step: options.url,
    bytesDone: got.bytes,
    bytesTotal: got.bytes,
    speed: 0,
  });
  if (got.sha256 !== options.sha256) {
    await rm(file, { force: true }); // a wrong file must not be resumed from
    throw new Error(`checksum:${got.sha256}`);
  }
  return store(cache, options.sha256, file);
}

export async function fetchRoot(options: FetchOptions): Promise<Result<RootManifest>> {
  const cache = options.cache ?? { dir: downloadCacheDir(), capBytes: defaultCapBytes };
  try {
    const target = options.channel
      ? await fromChannel(options)
      : ok({ url: options.url, sha256: options.sha256 ?? '' });
    if (!target.ok) return target;
    const { url } = target.value;
    const sha256 = target.value.sha256.toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha256)) {
      return fail(
        appError('E_BAD_REQUEST', `A root download needs its SHA-256 (64 hex digits), got "${sha256}".`, {
          hint: 'Pass --sha256 with the checksum published next to the archive.',
        }),
      );
    }
    let archive: string;
    try {
      archive = await downloadVerified({ ...options, url, sha256 }, cache);
    } catch (thrown) {
      const message = (thrown as Error).message;
      if (!message.startsWith('checksum:')) throw thrown;
      return fail(
        appError(
          'E_CHECKSUM',
          `${url} has SHA-256 ${message.slice(9)}, expected ${sha256}; it was deleted, nothing was extracted.`,
        ),
      );
    }
    await extractArchive({ ...options, archive, dest: options.out });
    return await requireValidRoot(options.out, options.signal);
  } catch (thrown) {
    return fail(toAppError(thrown, `Fetching the root from ${options.url}`));
  }
}
