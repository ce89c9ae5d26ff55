// The Go toolchain a root is built from: a local GOROOT, or Go cloned at a tag and built with make.bash.

import { existsSync } from 'node:fs';
import { mkdir, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RootEvents } from '../progress';
import { cacheKey } from './cache-key';
import { checkRef, gitEnv, gitSafety, parseGitSource } from './git-source';
import { runTool } from './run-tool';

/** A GOROOT with sources and a host toolchain, and what identifies its contents for the cache. */
export interface GoToolchain {
  goroot: string;
  /** The host `go` of this GOROOT, used to cross-build everything else. */
  go: string;
  version: string;
  /** Changes whenever the toolchain's contents may have changed. */
  identity: string;
}

export const upstreamGoRepo = 'https://go.googlesource.com/go';

async function readVersion(goroot: string): Promise<string> {
  const text = await readFile(join(goroot, 'VERSION'), 'utf8').catch(() => '');
  return text.split('\n')[0]?.trim() ?? '';
}

/** A GOROOT already on this machine (Debian's golang-go, a go.dev tarball, a Homebrew install). */
export async function localToolchain(gorootDir: string): Promise<GoToolchain> {
  const goroot = await realpath(gorootDir);
  const go = join(goroot, 'bin', 'go');
  const version = await readVersion(goroot);
  // Package upgrades replace bin/go, so its size and time stand for the whole installation.
  const bin = await stat(go);
  return { goroot, go, version, identity: `${goroot}:${version}:${bin.size}:${bin.mtimeMs}` };
}

/** The host's GOROOT, as its `go` reports it. */
export async function hostGoroot(goBinary = 'go', signal?: AbortSignal): Promise<string> {
  return runTool(goBinary, ['env', 'GOROOT'], { label: 'go env GOROOT', ...(signal ? { signal } : {}) });
}

export interface CloneOptions extends RootEvents {
  /** "1.22.5" or "go1.22.5": the tag to clone. */
  version: string;
  /** Where Go's sources come from (default: go.googlesource.com). */
  repo?: string;
  /** A Go toolchain to bootstrap with (GOROOT_BOOTSTRAP). */
  bootstrap: string;
  cacheDir: string;
  signal?: AbortSignal;
}

/**
 * Go cloned at a tag and built with make.bash (GOROOT_FINAL=/go, CGO_ENABLED=0), kept in the cache:
 * the toolchain builds itself three times, so this is done once per version.
 */
export async function clonedToolchain(options: CloneOptions): Promise<GoToolchain> {
  const tag = options.version.startsWith('go') ? options.version : `go${options.version}`;
  checkRef(tag);
  const given = options.repo ?? upstreamGoRepo;
  const source = parseGitSource(given, true);
  // A file:// URL stays one (git clones it like a remote, honouring --depth); a bare path is made absolute.
  const repo = source.kind === 'local' && !/^file:/i.test(given) ? source.path : given;
  const git = gitSafety(source.kind === 'local');
  const dir = join(options.cacheDir, `goroot-${tag}-${cacheKey({ repo, tag }).slice(0, 12)}`);
  const run = { ...options, label: `Go ${tag}`, env: gitEnv };
  if (!existsSync(join(dir, 'bin', 'go'))) {
    const work = `${dir}.work`;
    await rm(work, { recursive: true, force: true });
    await mkdir(options.cacheDir, { recursive: true });
    options.onLog?.('info', `cloning ${repo} at ${tag}`);
    const clone = ['clone', '--quiet', '--depth', '1', `--branch=${tag}`, '--', repo, work];
    await runTool('git', [...git, ...clone], run);
    options.onLog?.('info', `building Go ${tag} with make.bash (several minutes)`);
    await runTool('bash', ['make.bash'], {
      ...run,
      cwd: join(work, 'src'),
      env: { GOROOT_FINAL: '/go', CGO_ENABLED: '0', GOROOT_BOOTSTRAP: options.bootstrap },
    });
    await rm(dir, { recursive: true, force: true });
    await rename(work, dir);
  }
  const commit = await runTool('git', [...git, '-C', dir, 'rev-parse', '--verify', 'HEAD'], run);
  return {
    goroot: dir,
    go: join(dir, 'bin', 'go'),
    version: await readVersion(dir),
    identity: `${repo}@${commit}`,
  };
}

/** Which parts of a GOROOT go into /go: sources and the host toolchain, not tests or prebuilt archives. */
export function gorootInclude(rebuiltArchs: string[]): (rel: string) => boolean {
  return (rel) => {
    if (rel === 'test' || rel === 'pkg/obj' || rel === '.git') return false;
    // Prebuilt standard-library archives (pkg/linux_amd64, ...) go stale with our own tools.
    if (/^pkg\/[^/]+$/.test(rel) && rel !== 'pkg/tool' && rel !== 'pkg/include') return false;
    // Tools for the architectures we build come from the cross-build, not from the host.
    return !rebuiltArchs.some((arch) => rel === `pkg/tool/linux_${arch}`);
  };
}
