// Command sources for /src: git repositories cloned GOPATH-style, or local folders, with modules made local.

import { existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { RootEvents } from '../progress';
import { cacheKey } from './cache-key';
import { runTool } from './run-tool';
import { syncCopy } from './sync-copy';

export interface SourceSpec {
  /** A git URL (https, ssh, scp-style) or a local folder (a git repository or plain sources). */
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

const isLocal = (repo: string) => !/^[a-z+]+:\/\//i.test(repo) && !/^[^/]+@[^/]+:/.test(repo);

/** GOPATH-style place for a repository: host/owner/repo for URLs, local/<name> for folders. */
export function rootPathFor(repo: string): string {
  if (isLocal(repo) || repo.startsWith('file://'))
    return `src/local/${basename(repo.replace(/\/+$/, '')).replace(/\.git$/, '')}`;
  const scp = /^[^/]+@([^/:]+):(.+)$/.exec(repo);
  const [host, path] = scp ? [scp[1], scp[2]] : [new URL(repo).host, new URL(repo).pathname];
  return `src/${host}/${(path ?? '').replace(/^\/+|\/+$/g, '').replace(/\.git$/, '')}`;
}

export interface SourceOptions extends RootEvents {
  out: string;
  cacheDir: string;
  go: string;
  signal?: AbortSignal;
}

/** The commit a clone would get, without cloning: cheap, so a rebuild can find its cache entry. */
async function remoteCommit(spec: SourceSpec, options: SourceOptions): Promise<string> {
  const run = { ...options, label: `git ${spec.repo}` };
  if (isLocal(spec.repo))
    return runTool('git', ['-C', spec.repo, 'rev-parse', `${spec.ref ?? 'HEAD'}^{commit}`], run);
  const listed = await runTool('git', ['ls-remote', spec.repo, spec.ref ?? 'HEAD'], run);
  // An annotated tag lists the tag object and then the commit ("^{}"); the commit is what counts.
  const lines = listed.split('\n').filter(Boolean);
  const line = lines.find((l) => l.endsWith('^{}')) ?? lines[0] ?? '';
  return line.split(/\s/)[0] ?? '';
}

/** Clones (or reuses) one source in the cache, makes its modules local, and copies it into the root. */
export async function prepareSource(spec: SourceSpec, options: SourceOptions): Promise<PreparedSource> {
  const rootPath = rootPathFor(spec.repo);
  const run = { ...options, label: `source ${spec.repo}` };
  const local = isLocal(spec.repo) ? resolve(spec.repo) : spec.repo;
  if (isLocal(spec.repo) && !existsSync(join(local, '.git'))) {
    if (!(await stat(local).catch(() => null))?.isDirectory())
      throw new Error(`${local} is neither a git URL nor a folder`);
    await syncCopy(local, join(options.out, rootPath), {
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { spec, rootPath, commit: 'folder' };
  }
  const commit = await remoteCommit({ ...spec, repo: local }, options);
  const dir = join(options.cacheDir, `src-${cacheKey({ repo: local, commit })}`);
  if (!existsSync(join(dir, '.git'))) {
    const work = `${dir}.work`;
    await rm(work, { recursive: true, force: true });
    options.onLog?.('info', `cloning ${spec.repo}${spec.ref ? ` at ${spec.ref}` : ''}`);
    const depth = isLocal(spec.repo) ? [] : ['--depth', '1'];
    await runTool(
      'git',
      ['clone', '--quiet', ...depth, ...(spec.ref ? ['--branch', spec.ref] : []), local, work],
      run,
    );
    await rename(work, dir);
  }
  const target = join(options.out, rootPath);
  await syncCopy(dir, target, options.signal ? { signal: options.signal } : {});
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
      },
    });
  }
  return { spec, rootPath, commit };
}
