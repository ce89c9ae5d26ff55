// Command sources for /src: git repositories cloned GOPATH-style, or local folders, with modules made local.

import { existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { RootEvents } from '../progress';
import { cacheKey } from './cache-key';
import {
  checkCommandPath,
  checkRef,
  gitEnv,
  gitSafety,
  parseGitSource,
  refuseSource,
  rootPathOf,
} from './git-source';
import { readGoMod, type GoMod } from './go-mod';
import { moduleProxyEnv } from './module-cache';
import { moduleRootPath } from './module-path';
import { runTool } from './run-tool';
import { syncCopy } from './sync-copy';

export interface SourceSpec {
  /** A git URL (https, ssh, user@host:path) or a local folder (a git repository or plain sources). */
  repo: string;
  /** Tag or branch to clone (default: the remote's default branch). */
  ref?: string;
  /** Only command folders under these paths get stubs ("cmds/core"); default: every `package main`. */
  commands?: string[];
}

/** The default command set: u-root's core commands at a pinned release. */
export const uRoot: SourceSpec = {
  repo: 'https://github.com/u-root/u-root',
  ref: 'v0.14.0',
  commands: ['cmds/core'],
};

export interface PreparedSource {
  spec: SourceSpec;
  /** Path inside the root, "src/github.com/u-root/u-root". */
  rootPath: string;
  /** The commit cloned, or "folder" for plain local sources. */
  commit: string;
}

/** GOPATH-style place for a repository without a go.mod: host/owner/repo for URLs, local/<name> for folders. */
export function rootPathFor(repo: string): string {
  return rootPathOf(parseGitSource(repo, true), repo);
}

/** Checks a source's repository, ref and command folders before anything runs (F3). */
export function checkSource(spec: SourceSpec, allowLocal = true): void {
  parseGitSource(spec.repo, allowLocal);
  if (spec.ref !== undefined) checkRef(spec.ref);
  for (const path of spec.commands ?? []) checkCommandPath(path);
}

export interface SourceOptions extends RootEvents {
  /** The root being built: a folder Sourcery Flasher made (output-folder.ts). */
  out: string;
  registry?: string;
  cacheDir: string;
  go: string;
  signal?: AbortSignal;
}

/** The commit a clone would get, without cloning: cheap, so a rebuild can find its cache entry. */
async function remoteCommit(
  repo: string,
  local: boolean,
  ref: string | undefined,
  options: Omit<SourceOptions, 'out' | 'go'>,
) {
  const run = { ...options, label: `git ${repo}`, env: gitEnv };
  const git = gitSafety(local);
  if (local) {
    const rev = `${ref ?? 'HEAD'}^{commit}`;
    return runTool('git', [...git, '-C', repo, 'rev-parse', '--verify', '--end-of-options', rev], run);
  }
  const listed = await runTool('git', [...git, 'ls-remote', '--', repo, ref ?? 'HEAD'], run);
  // An annotated tag lists the tag object and then the commit ("^{}"); the commit is what counts.
  const lines = listed.split('\n').filter(Boolean);
  const line = lines.find((l) => l.endsWith('^{}')) ?? lines[0] ?? '';
  return line.split(/\s/)[0] ?? '';
}

/** `out/rootPath`, checked to stay inside `out` whatever the path holds. */
function insideOut(out: string, rootPath: string, repo: string): string {
  const target = join(out, rootPath);
  const rel = relative(out, target);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) refuseSource(repo, 'would be placed outside the root');
  return target;
}

export interface FetchedSource {
  spec: SourceSpec;
  /** Where its files are: the clone in the cache, or the local folder itself. Never inside the root. */
  dir: string;
  /** The commit cloned, or "folder" for plain local sources. */
  commit: string;
  /** Its go.mod's module, go and toolchain lines (null: none). */
  goMod: GoMod | null;
  /** Path inside the root: the module path under src/ when it has one, else src/<host>/<path> or src/local/<name>. */
  rootPath: string;
}

/** Clones (or reuses) one source in the cache, or finds the local folder; writes nothing into a root. */
export async function fetchSource(
  spec: SourceSpec,
  options: Omit<SourceOptions, 'out' | 'go'>,
): Promise<FetchedSource> {
  checkSource(spec);
  const source = parseGitSource(spec.repo, true);
  const run = { ...options, label: `source ${spec.repo}`, env: gitEnv };
  const local = source.kind === 'local';
  const repo = source.kind === 'local' ? source.path : source.url;
  const placed = async (dir: string, commit: string): Promise<FetchedSource> => {
    const goMod = await readGoMod(dir);
    const rootPath = moduleRootPath(goMod, spec.repo) ?? rootPathOf(source, spec.repo);
    return { spec, dir, commit, goMod, rootPath };
  };
  if (local && !existsSync(join(repo, '.git'))) {
    if (!(await stat(repo).catch(() => null))?.isDirectory())
      refuseSource(spec.repo, 'is neither a git URL nor a folder');
    return placed(repo, 'folder');
  }
  const commit = await remoteCommit(repo, local, spec.ref, options);
  const dir = join(options.cacheDir, `src-${cacheKey({ repo, commit })}`);
  if (!existsSync(join(dir, '.git'))) {
    const work = `${dir}.work`;
    await rm(work, { recursive: true, force: true });
    options.onLog?.('info', `cloning ${spec.repo}${spec.ref ? ` at ${spec.ref}` : ''}`);
    const depth = local ? [] : ['--depth', '1'];
    const branch = spec.ref ? [`--branch=${spec.ref}`] : [];
    await runTool(
      'git',
      [...gitSafety(local), 'clone', '--quiet', ...depth, ...branch, '--', repo, work],
      run,
    );
    await rename(work, dir);
  }
  return placed(dir, commit);
}

/** Copies a fetched source into the root at its root path and makes its modules local. */
export async function placeSource(fetched: FetchedSource, options: SourceOptions): Promise<PreparedSource> {
  const { spec, rootPath, commit } = fetched;
  const target = insideOut(options.out, rootPath, spec.repo);
  const run = { ...options, label: `source ${spec.repo}`, env: gitEnv };
  // Links are followed only inside the source: a link to ~/.ssh must not put keys on a stick.
  const copy = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.registry ? { registry: options.registry } : {}),
    root: options.out,
    confine: true,
  };
  await syncCopy(fetched.dir, target, copy);
  if (existsSync(join(target, 'go.mod')) && !existsSync(join(target, 'vendor'))) {
    // The booted machine builds with GOPATH=/src and no network: its module cache is /src/pkg/mod.
    await mkdir(join(options.out, 'src', 'pkg', 'mod'), { recursive: true });
    await runTool(options.go, ['mod', 'download'], {
      ...run,
      cwd: target,
      env: {
        GOMODCACHE: join(options.out, 'src', 'pkg', 'mod'),
        GOFLAGS: '-mod=mod -modcacherw',
        CGO_ENABLED: '0',
        ...(await moduleProxyEnv(options.go, options.signal)),
      },
    });
  }
  return { spec, rootPath, commit };
}

/** Fetches one source and copies it into the root. */
export async function prepareSource(spec: SourceSpec, options: SourceOptions): Promise<PreparedSource> {
  return placeSource(await fetchSource(spec, options), options);
}
