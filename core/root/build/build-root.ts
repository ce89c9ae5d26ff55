// Builds a sourcery root from source: /go, per-architecture programs, /src and the command stubs.

import { availableParallelism } from 'node:os';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { GoArch, RootManifest } from '../../../contract';
import { fail, ok, toAppError, type Result } from '../../errors';
import { requireValidRoot } from '../inspect';
import { claimOutput, outputState } from '../output-folder';
import { buildCacheDir } from '../paths';
import type { RootEvents } from '../progress';
import { buildArchPrograms, goTools } from './arch-programs';
import { clonedToolchain, gorootInclude, hostGoroot, localToolchain, type GoToolchain } from './goroot';
import { checkHostTool } from './host-tools';
import { compileChecks, fetchAndFit } from './check-sources';
import { checkSource, placeSource, type PreparedSource, type SourceSpec } from './sources';
import { writeStubs } from './stubs';
import { syncCopy } from './sync-copy';
import { warmCachePath, writeWarmCache } from './warm-cache';

export interface BuildOptions extends RootEvents {
  out: string;
  archs: GoArch[];
  /** A local GOROOT to copy (default: the host's, from `go env GOROOT`). */
  goroot?: string;
  /** Instead: clone Go at this version's tag and build it with make.bash. */
  goVersion?: string;
  /** Where Go is cloned from with `goVersion` (default: go.googlesource.com). */
  goRepo?: string;
  sources: SourceSpec[];
  /** Fail the build when any command does not compile for any architecture (default: leave it out). */
  strict?: boolean;
  /** False leaves the warm Go build cache (/linux_<arch>/gocache) out of the root. */
  warmCache?: boolean;
  cacheDir?: string;
  /** Where the records of folders we made are kept (default: in the cache home). */
  registry?: string;
  signal?: AbortSignal;
}

/** Folders init mounts over or reads; the stick is read-only, so they must exist beforehand. */
const emptyDirs = ['tmp', 'dev', 'etc', 'proc', 'sys', 'ubin', '.cache'];

/** Runs `work` for each item, at most `limit` at a time. */
async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function toolchainFor(options: BuildOptions, cacheDir: string): Promise<GoToolchain> {
  const signal = options.signal ? { signal: options.signal } : {};
  if (!options.goVersion) return localToolchain(options.goroot ?? (await hostGoroot('go', options.signal)));
  const bootstrap = options.goroot ?? (await hostGoroot('go', options.signal));
  return clonedToolchain({
    ...options,
    ...signal,
    version: options.goVersion,
    bootstrap,
    cacheDir,
    ...(options.goRepo ? { repo: options.goRepo } : {}),
  });
}

/** Deletes old stubs so commands that went away lose theirs. */
async function clearStubs(bin: string): Promise<void> {
  for (const name of await readdir(bin)) {
    const text = await readFile(join(bin, name), 'utf8').catch(() => '');
    if (text.startsWith('#!/linux_')) await rm(join(bin, name));
  }
}

export async function buildRoot(options: BuildOptions): Promise<Result<RootManifest>> {
  const out = resolve(options.out);
  const cacheDir = options.cacheDir ?? buildCacheDir();
  const signal = options.signal ? { signal: options.signal } : {};
  const steps = 4 + options.archs.length + options.sources.length;
  let done = 0;
  const step = (name: string, arch?: GoArch) =>
    options.onProgress?.({
      phase: 'building',
      step: name,
      ...(arch ? { arch } : {}),
      bytesDone: done++,
      bytesTotal: steps,
      speed: 0,
    });
  try {
    // Every source is checked before anything runs, and `out` is claimed before anything is written.
    for (const spec of options.sources) checkSource(spec);
    await outputState(out, options.registry); // refused now, not after sources are fetched; claimed below
    for (const tool of ['go', 'git'] as const) {
      const missing = await checkHostTool(tool);
      if (missing) return fail(missing);
    }
    // Sources are fetched into the cache and judged against the root's Go before any Go is built.
    const local = options.goVersion
      ? null
      : await localToolchain(options.goroot ?? (await hostGoroot('go', options.signal)));
    const rootGo = local?.version ?? `go${(options.goVersion ?? '').replace(/^go/, '')}`;
    step('fetching sources');
    const fetched = await fetchAndFit(options.sources, rootGo, { ...options, ...signal, cacheDir });
    step('Go toolchain');
    const toolchain = local ?? (await toolchainFor(options, cacheDir));
    options.onLog?.('info', `Go ${toolchain.version} from ${toolchain.goroot}`);
    const checks = await compileChecks(fetched, {
      ...options,
      ...signal,
      go: toolchain.go,
      goroot: toolchain.goroot,
      identity: toolchain.identity,
      cacheDir,
    });
    await claimOutput(out, options.registry);
    const owned = { root: out, ...(options.registry ? { registry: options.registry } : {}) };
    step('copying GOROOT into /go');
    const copied = await syncCopy(toolchain.goroot, join(out, 'go'), {
      ...signal,
      ...owned,
      include: gorootInclude(options.archs),
    });
    options.onLog?.('info', `/go: ${copied.copied} files copied, ${copied.skipped} already there`);
    for (const dir of emptyDirs) await mkdir(join(out, dir), { recursive: true });
    // Each architecture's build already uses every core (go build -p); two at once only adds memory.
    const limit = Math.max(1, Math.floor(availableParallelism() / 4));
    await inParallel(options.archs, limit, async (arch) => {
      step(`programs for ${arch}`, arch);
      const built = await buildArchPrograms({ ...options, ...signal, toolchain, arch, cacheDir });
      options.onLog?.(
        'info',
        `${arch}: tools ${built.cached.tools ? 'from cache' : 'built'}, init ${built.cached.boot ? 'from cache' : 'built'}`,
      );
      const bin = join(out, `linux_${arch}`, 'bin');
      const include = (rel: string) => goTools.includes(rel);
      await syncCopy(built.tools, join(out, 'go', 'pkg', 'tool', `linux_${arch}`), {
        ...signal,
        ...owned,
        include,
      });
      await syncCopy(built.tools, bin, { ...signal, include: (rel) => rel === 'go', prune: false });
      await syncCopy(built.boot, bin, { ...signal, include: (rel) => rel !== '.complete', prune: false });
    });
    const prepared: PreparedSource[] = [];
    for (const source of fetched) {
      step(`source ${source.spec.repo}`);
      prepared.push(await placeSource(source, { ...options, ...signal, out, cacheDir, go: toolchain.go }));
    }
    step('command stubs');
    for (const [index, arch] of options.archs.entries()) {
      const bin = join(out, `linux_${arch}`, 'bin');
      const result = checks.results[index];
      const leftOut = new Set(result?.leftOut.map((l) => l.dir));
      await clearStubs(bin);
      const count = await writeStubs(out, arch, prepared, (m) => options.onLog?.('warn', m), leftOut);
      options.onLog?.('info', `${arch}: ${count} command stubs`);
      const gocache = checks.gocache[arch];
      if (options.warmCache === false || !result || !gocache) {
        await rm(join(out, warmCachePath(arch)), { recursive: true, force: true });
        continue;
      }
      const copiedCache = await writeWarmCache({
        ...owned,
        out,
        ...signal,
        arch,
        gocache,
        outputs: result.outputs,
      });
      options.onLog?.('info', `${arch}: warm build cache, ${copiedCache.copied} files copied`);
    }
    await mkdir(join(out, 'src'), { recursive: true });
    const manifest = await requireValidRoot(out, options.signal);
    if (!manifest.ok) return manifest;
    const compileSeconds = Object.fromEntries(checks.results.map((r) => [r.arch, r.seconds]));
    return ok({ ...manifest.value, leftOut: checks.leftOut, compileSeconds });
  } catch (thrown) {
    return fail(toAppError(thrown, `Building the root in ${out}`));
  }
}
