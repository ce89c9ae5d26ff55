// Gets a root and its kernels from a signed channel: the manifest checked first, every archive's size
// and SHA-256 taken from it, kernels checked for their architecture before anyone flashes them.

import { copyFile, link, mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { GoArch, RootManifest } from '../../contract';
import { appError, EngineError, fail, ok, toAppError, type Result } from '../errors';
import { defaultCapBytes, evict, type DownloadCache } from '../root/download/cache';
import { downloadVerified, fetchRoot } from '../root/fetch-root';
import { downloadCacheDir } from '../root/paths';
import type { RootEvents } from '../root/progress';
import { checkChannelKernel } from './kernel-check';
import { pickRoot, type ChannelRoot } from './manifest';
import { openChannel, type ChannelLink, type OpenedChannel } from './subscription';

export interface ChannelFetchOptions extends RootEvents {
  link: ChannelLink;
  /** Where pins and kept copies of channels live. */
  dataDir: string;
  /** The root entry to take (its archive's SHA-256); the newest serving `archs` by default. */
  sha256?: string;
  /** The architectures the root must serve and kernels are brought for; none: all the entry's. */
  archs: GoArch[];
  out: string;
  cache?: DownloadCache;
  registry?: string;
  signal?: AbortSignal;
}

export interface ChannelFetched {
  manifest: RootManifest;
  entry: ChannelRoot;
  /** Verified kernel files (cached downloads) per architecture the entry carries. */
  kernels: Partial<Record<GoArch, string>>;
  channel: OpenedChannel;
}

function chooseEntry(opened: OpenedChannel, options: ChannelFetchOptions): Result<ChannelRoot> {
  const { channel } = opened;
  const entry = options.sha256
    ? channel.roots.find((r) => r.sha256 === options.sha256)
    : pickRoot(channel, options.archs);
  if (!entry)
    return fail(
      appError(
        'E_DOWNLOAD',
        options.sha256
          ? `The channel ${options.link.url} no longer lists the root ${options.sha256.slice(0, 12)}.`
          : `The channel ${options.link.url} has no root for ${options.archs.join(', ') || 'any architecture'}.`,
        {
          hint: `Its roots serve: ${[...new Set(channel.roots.map((r) => r.archs.join('+')))].join('; ') || 'nothing'}. Choose those architectures, or ask the organiser.`,
        },
      ),
    );
  const missing = options.archs.filter((arch) => !entry.archs.includes(arch));
  if (missing.length > 0)
    return fail(
      appError('E_DOWNLOAD', `The root "${entry.name}" has no programs for ${missing.join(', ')}.`, {
        hint: `It serves ${entry.archs.join(', ')}.`,
      }),
    );
  return ok(entry);
}

/** A kernel's published name, made safe: the engine tells a .deb from a kernel file by its name. */
const safeKernelName = (file: string): string => {
  const name = basename(file).replace(/[^A-Za-z0-9._+~-]/g, '_');
  return /^[A-Za-z0-9]/.test(name) ? name.slice(0, 200) : `kernel-${name}`.slice(0, 200);
};

/**
 * The verified download under its published name (a hard link beside the cache, a copy across
 * devices), in a folder named by its SHA-256, so two kernels of one name never meet.
 */
async function namedKernel(
  cached: string,
  sha256: string,
  file: string,
  cache: DownloadCache,
): Promise<string> {
  const dir = join(cache.dir, 'kernels', sha256);
  const named = join(dir, safeKernelName(file));
  await mkdir(dir, { recursive: true });
  await rm(named, { force: true });
  // A copy (no hard links on this file system) holds bytes of its own: the cap counts them too.
  await link(cached, named).catch(async () => (await copyFile(cached, named), await evict(cache, named)));
  return named;
}

/**
 * Downloads the entry's kernels for `archs` one after another; each is checked while the next one
 * (and then the root) downloads and extracts, as unpacking a kernel package takes about as long.
 */
async function downloadKernels(
  entry: ChannelRoot,
  archs: GoArch[],
  options: ChannelFetchOptions,
  cache: DownloadCache,
): Promise<{ checked: Promise<Result<Partial<Record<GoArch, string>>>> }> {
  const checks: Array<Promise<[GoArch, Result<string>]>> = [];
  try {
    for (const arch of archs) {
      const kernel = entry.kernels?.[arch];
      if (!kernel) continue;
      options.onLog?.('info', `kernel for ${arch}: ${kernel.file}`);
      const cached = await downloadVerified(
        { ...options, url: kernel.url, sha256: kernel.sha256, size: kernel.size },
        cache,
      );
      const file = await namedKernel(cached, kernel.sha256, kernel.file, cache);
      checks.push(
        checkChannelKernel(arch, file, kernel.file).then(
          (checked) => [arch, checked],
          (thrown: unknown) => [arch, fail(toAppError(thrown, `Checking the kernel for ${arch}`))],
        ),
      );
    }
  } catch (thrown) {
    await Promise.all(checks); // none left running when this throws
    throw thrown;
  }
  const checked = Promise.all(checks).then((results) => {
    const kernels: Partial<Record<GoArch, string>> = {};
    for (const [arch, result] of results) {
      if (!result.ok) return result;
      kernels[arch] = result.value;
    }
    return ok(kernels);
  });
  return { checked };
}

export async function fetchFromChannel(options: ChannelFetchOptions): Promise<Result<ChannelFetched>> {
  const cache = options.cache ?? { dir: downloadCacheDir(), capBytes: defaultCapBytes };
  try {
    const opened = await openChannel(options.link, {
      dataDir: options.dataDir,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!opened.ok) return opened;
    if (opened.value.offline) options.onLog?.('warn', `channel: offline; using the copy verified before`);
    const entry = chooseEntry(opened.value, options);
    if (!entry.ok) return entry;
    options.onLog?.(
      'info',
      `channel: ${entry.value.name} (${entry.value.date}, ${entry.value.goVersion}, ${entry.value.archs.join(', ')})`,
    );
    // The root is put in place only once every kernel passed: a wrong kernel stops the job with
    // nothing extracted (the staging folder is deleted), while checking kernels takes no extra time.
    const archs = options.archs.length > 0 ? options.archs : entry.value.archs;
    const { checked } = await downloadKernels(entry.value, archs, options, cache);
    const stop = new AbortController();
    const kernelsDone = checked.then((result) => (result.ok ? result : (stop.abort(), result)));
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const manifest = await fetchRoot({
      ...options,
      signal,
      url: entry.value.url,
      sha256: entry.value.sha256,
      size: entry.value.size,
      cache,
      beforeInstall: async () => {
        const passed = await kernelsDone;
        if (!passed.ok) throw new EngineError(passed.error);
      },
    });
    const kernels = await kernelsDone;
    if (!kernels.ok) return kernels;
    if (!manifest.ok) return manifest;
    return ok({
      manifest: manifest.value,
      entry: entry.value,
      kernels: kernels.value,
      channel: opened.value,
    });
  } catch (thrown) {
    return fail(toAppError(thrown, `Fetching from the channel ${options.link.url}`));
  }
}
