// Builds one architecture's programs into the cache: the go command, Go's tools, init and installcommand.

import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { GoArch } from '../../../contract';
import type { RootEvents } from '../progress';
import { cacheKey, hashSources } from './cache-key';
import type { GoToolchain } from './goroot';
import { goResource } from './resources';
import { runTool } from './run-tool';

/** The tools `go build` needs with CGO_ENABLED=0, plus cgo and pack for completeness. */
export const goTools = ['compile', 'link', 'asm', 'buildid', 'pack', 'cgo'];

export interface ArchBuild extends RootEvents {
  toolchain: GoToolchain;
  arch: GoArch;
  cacheDir: string;
  signal?: AbortSignal;
}

/** Cached folders holding an architecture's programs. */
export interface ArchPrograms {
  /** go and compile, link, asm, ... (installed as /linux_<arch>/bin/go and /go/pkg/tool/linux_<arch>/). */
  tools: string;
  /** init and installcommand. */
  boot: string;
  /** Whether each came from the cache. */
  cached: { tools: boolean; boot: boolean };
}

const crossEnv = (build: ArchBuild): Record<string, string> => ({
  GOROOT: build.toolchain.goroot,
  GOOS: 'linux',
  GOARCH: build.arch,
  CGO_ENABLED: '0',
  // Baked in as runtime.defaultGOROOT, so the booted go finds /go even without $GOROOT.
  GOROOT_FINAL: '/go',
  GOCACHE: join(build.cacheDir, 'go-build'),
  GOFLAGS: '-buildvcs=false',
});

/** Builds into `<dir>.work`, then renames: a cancelled build leaves no half entry behind. */
async function cached(dir: string, make: (work: string) => Promise<void>): Promise<boolean> {
  if (existsSync(join(dir, '.complete'))) return true;
  const work = `${dir}.work`;
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  await make(work);
  await mkdir(join(work, '.complete'));
  await rm(dir, { recursive: true, force: true });
  await rename(work, dir);
  return false;
}

export async function buildArchPrograms(build: ArchBuild): Promise<ArchPrograms> {
  const { arch, toolchain } = build;
  const env = crossEnv(build);
  const toolsKey = cacheKey({ what: 'tools', arch, go: toolchain.identity, tools: goTools });
  const tools = join(build.cacheDir, `tools-${arch}-${toolsKey}`);
  const toolsCached = await cached(tools, async (work) => {
    build.onLog?.('info', `building cmd/go and ${goTools.join(', ')} for ${arch}`);
    const packages = ['cmd/go', ...goTools.map((t) => `cmd/${t}`)];
    // No -trimpath here: it would blank the GOROOT_FINAL the go command needs baked in.
    await runTool(toolchain.go, ['build', '-ldflags=-s -w', '-o', `${work}/`, ...packages], {
      ...build,
      cwd: join(toolchain.goroot, 'src'),
      env,
      label: `Go tools for ${arch}`,
    });
  });
  const sources = {
    init: await hashSources(goResource('init')),
    installcommand: await hashSources(goResource('installcommand')),
  };
  const bootKey = cacheKey({ what: 'boot', arch, go: toolchain.identity, sources });
  const boot = join(build.cacheDir, `boot-${arch}-${bootKey}`);
  const bootCached = await cached(boot, async (work) => {
    for (const name of ['init', 'installcommand'] as const) {
      await runTool(toolchain.go, ['build', '-trimpath', '-ldflags=-s -w', '-o', join(work, name), '.'], {
        ...build,
        cwd: goResource(name),
        env: { ...env, GOROOT_FINAL: '', GOPROXY: 'off' },
        label: `${name} for ${arch}`,
      });
    }
  });
  return { tools, boot, cached: { tools: toolsCached, boot: bootCached } };
}
