// Fetches the newest Debian kernel package for an architecture through apt, from the mirror of the
// host's own apt sources, with a private apt state: the .deb the Boot step's kernel input takes.

import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { appError, fail, ok, type Result } from '../../../contract';
import type { GoArch } from '../../../contract/boot';
import type { FetchedKernelDTO } from '../../../contract/apt-kernels';
import { openAptSession, runApt, type AptRun } from './apt-run';
import { releaseSources, type AptHostPaths, type AptSource } from './apt-sources';
import { findHostMirror } from './apt-host';
import { resolveKernel } from '../kernel-source';

/** The downloaded linux-image-<version>-<flavour> package: the contract's shape, filled here. */
export type AptKernel = FetchedKernelDTO;

export interface AptKernelOptions {
  /** Private apt state and downloaded kernels live under here (the data or cache folder). */
  cacheRoot: string;
  host: AptHostPaths;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Sources to use instead of the host's own release (scripts/fetch-kernels.mjs names a suite). */
  sources?: AptSource[];
}

/** Debian's kernel metapackage per architecture: its flavours are named as Go names the architectures. */
export const kernelMetapackage = (arch: GoArch): string => `linux-image-${arch}`;

/** A Debian package name the metapackage may depend on: no path characters, no option-like start. */
export const kernelPackageName = /^linux-image-[0-9][a-z0-9.+-]{0,100}$/;
const debFileName = /^([a-z0-9][a-z0-9.+-]*)_([A-Za-z0-9.+~%-]+)_([a-z0-9]+)\.deb$/;

const aptFailed = (what: string, run: AptRun, hint: string) =>
  appError('E_DOWNLOAD', `${what} failed (exit ${run.code ?? 'signal'}).`, {
    hint,
    cause: run.stderr.trim().split('\n').slice(-6).join('\n'),
  });

/** The first alternative of each Depends group of the candidate's stanza that names a kernel image. */
export function kernelDependency(stanza: string): string | undefined {
  const depends = /^Depends:[ \t]*(.*)$/m.exec(stanza)?.[1] ?? '';
  return depends
    .split(',')
    .map((group) => (group.split('|')[0] ?? '').trim().split(/[\s(:]/)[0] ?? '')
    .find((name) => name.startsWith('linux-image-'));
}

/** Downloads the newest kernel image package for `arch` and checks it as a kernel .deb for that arch. */
export async function fetchAptKernel(arch: GoArch, options: AptKernelOptions): Promise<Result<AptKernel>> {
  const log = options.log ?? (() => undefined);
  const host = await findHostMirror(options.host);
  if (!host.ok) return host;
  const sources = options.sources ?? releaseSources(host.value.sources, host.value.codename);
  const mirror = sources.map((s) => `${s.uri} ${s.suites.join(',')}`).join('; ');
  const session = await openAptSession(join(options.cacheRoot, 'apt', arch), arch, sources);
  const run = { ...(options.signal ? { signal: options.signal } : {}) };

  log(`apt-get update (${arch}) from ${mirror}`);
  const update = await runApt(session, 'apt-get', ['update'], run);
  if (options.signal?.aborted) return fail(appError('E_CANCELLED', 'Fetching the kernel was cancelled.'));
  if (update.code !== 0)
    return fail(
      aptFailed(
        `apt-get update from ${mirror}`,
        update,
        'Check the network and the host’s apt sources, or pick a kernel file instead.',
      ),
    );

  const meta = kernelMetapackage(arch);
  const shown = await runApt(session, 'apt-cache', ['show', '--no-all-versions', meta], run);
  if (shown.code !== 0 || !shown.stdout.trim())
    return fail(
      appError('E_DOWNLOAD', `The host’s release (${mirror}) has no ${meta} package.`, {
        hint: `Pick a kernel file or linux-image .deb for ${arch} instead (Debian ships riscv64 kernels from trixie on).`,
        cause: shown.stderr.trim(),
      }),
    );
  const name = kernelDependency(shown.stdout);
  if (!name || !kernelPackageName.test(name))
    return fail(
      appError(
        'E_KERNEL_INVALID',
        `The mirror’s ${meta} names ${JSON.stringify(name ?? '')} as its kernel, which is not a kernel package name; nothing was downloaded.`,
        {
          hint: 'Check the host’s apt sources, or pick a kernel file instead.',
        },
      ),
    );

  const incoming = join(session.stateDir, `incoming-${process.pid}-${Date.now()}`);
  await mkdir(incoming, { recursive: true });
  try {
    log(`apt-get download ${name}`);
    const got = await runApt(session, 'apt-get', ['download', '--', name], { ...run, cwd: incoming });
    if (options.signal?.aborted) return fail(appError('E_CANCELLED', 'Fetching the kernel was cancelled.'));
    if (got.code !== 0)
      return fail(
        aptFailed(
          `apt-get download ${name}`,
          got,
          'Check the network, then try again; or pick a kernel file instead.',
        ),
      );
    const file = await onlyDeb(incoming, name);
    if (!file.ok) return file;
    const kernels = join(options.cacheRoot, 'kernels', arch);
    await mkdir(kernels, { recursive: true });
    const path = join(kernels, file.value.file);
    await rename(join(incoming, file.value.file), path);
    const checked = await resolveKernel(arch, path, { cacheRoot: join(options.cacheRoot, 'debs') });
    if (!checked.ok) {
      await rm(path, { force: true });
      return checked;
    }
    log(`${name} ${file.value.version}: ${path}`);
    const kernelVersion = checked.value.version;
    return ok({
      arch,
      path,
      package: name,
      version: file.value.version,
      mirror,
      ...(kernelVersion ? { kernelVersion } : {}),
    });
  } finally {
    await rm(incoming, { recursive: true, force: true });
  }
}

/** The one regular .deb apt left in the empty download folder, named for the package asked for. */
async function onlyDeb(dir: string, name: string): Promise<Result<{ file: string; version: string }>> {
  const entries = await readdir(dir);
  const [file] = entries;
  const parts = file ? debFileName.exec(file) : null;
  const regular = file ? (await lstat(join(dir, file))).isFile() : false;
  if (entries.length !== 1 || !file || !parts || parts[1] !== name || !regular)
    return fail(
      appError(
        'E_KERNEL_INVALID',
        `apt-get download ${name} left ${JSON.stringify(entries)} instead of one ${name}_*.deb.`,
        {
          hint: 'Check the host’s apt sources, or pick a kernel file instead.',
        },
      ),
    );
  return ok({ file, version: (parts[2] ?? '').replace(/%3a/gi, ':') });
}
