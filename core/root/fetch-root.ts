// Gets a root by download: from a URL with its SHA-256, or from a channel manifest; verified, then extracted.

import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { GoArch, RootManifest } from '../../contract';
import { appError, EngineError, fail, ok, toAppError, type Result } from '../errors';
import { extractArchive } from './archive/extract';
import { defaultCapBytes, lookup, partialPath, store, type DownloadCache } from './download/cache';
import { parseChannel, pickRoot } from './download/channel';
import { downloadFile } from './download/http-download';
import { requireValidRoot } from './inspect';
import { outputState } from './output-folder';
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
  /** The archive's size as a manifest states it; a download bringing more or less is refused. */
  size?: number;
  cache?: DownloadCache;
  /** Where the records of folders we made are kept (tests). */
  registry?: string;
  signal?: AbortSignal;
  retries?: number;
  backoffMs?: number;
}

/** A channel manifest lists a few roots; anything larger is not one. */
const maxChannelBytes = 1024 * 1024;

async function fetchText(url: string, signal?: AbortSignal): Promise<string> {
  if (!/^https?:$/.test(new URL(url).protocol))
    throw new EngineError(appError('E_DOWNLOAD', `${url}: only http and https channels can be read.`));
  const response = await fetch(url, signal ? { signal } : {});
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of response.body ?? []) {
    bytes += (chunk as Uint8Array).length;
    if (bytes > maxChannelBytes)
      throw new EngineError(appError('E_DOWNLOAD', `The channel ${url} is over ${maxChannelBytes} bytes.`));
    chunks.push(chunk as Uint8Array);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Resolves a channel to one root's URL and checksum. */
async function fromChannel(
  options: FetchOptions,
): Promise<Result<{ url: string; sha256: string; size?: number }>> {
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
  return ok({ url: root.url, sha256: root.sha256, size: root.size });
}

/** The verified archive for `sha256`: from the cache, or downloaded (resuming a partial one). */
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
    throw new Error(`checksum:${got.sha256}`);
  }
  return store(cache, options.sha256, file);
}

export async function fetchRoot(options: FetchOptions): Promise<Result<RootManifest>> {
  const cache = options.cache ?? { dir: downloadCacheDir(), capBytes: defaultCapBytes };
  try {
    // Refused before a byte is downloaded: the folder must be new, empty or a root of ours.
    await outputState(resolve(options.out), options.registry);
    const target = options.channel
      ? await fromChannel(options)
      : ok({ url: options.url, sha256: options.sha256 ?? '', size: options.size });
    if (!target.ok) return target;
    const { url, size } = target.value;
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
      const stated = size === undefined ? {} : { size };
      archive = await downloadVerified({ ...options, ...stated, url, sha256 }, cache);
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
    await extractArchive({ ...options, archive, dest: options.out, archiveSha256: sha256 });
    return await requireValidRoot(options.out, options.signal);
  } catch (thrown) {
    return fail(toAppError(thrown, `Fetching the root from ${options.url}`));
  }
}
