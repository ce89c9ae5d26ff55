// fetchAptKernel against a real apt-get and a tiny repository on 127.0.0.1: the newest kernel is picked,
// the host's own apt state is untouched, and a host without apt gets a clear error.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchAptKernel } from './apt-kernel';
import { armKernel, serveTestRepo, type TestRepo } from '../testing/apt-repo';

/** Every file under `dirs` with its size and modification time (what apt would change). */
function snapshot(dirs: string[]): Record<string, string> {
  const seen: Record<string, string> = {};
  const walk = (dir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      const info = statSync(path, { throwIfNoEntry: false });
      if (!info) continue;
      seen[path] = `${info.size} ${info.mtimeMs} ${info.ctimeMs}`;
      if (info.isDirectory() && depth < 4) walk(path, depth + 1);
    }
  };
  for (const dir of dirs) {
    const info = statSync(dir, { throwIfNoEntry: false });
    if (info) seen[dir] = `${info.mtimeMs}`;
    walk(dir, 0);
  }
  return seen;
}

describe('fetchAptKernel: the newest Debian kernel through a private apt state', () => {
  let repo: TestRepo;
  const cacheRoot = mkdtempSync(join(tmpdir(), 'sourcery-apt-cache-'));
  beforeAll(async () => {
    repo = await serveTestRepo([
      {
        name: 'linux-image-arm64',
        version: '6.1.5-1',
        arch: 'arm64',
        depends: 'linux-image-6.1.0-1-arm64 (= 6.1.5-1)',
      },
      {
        name: 'linux-image-arm64',
        version: '6.1.7-1',
        arch: 'arm64',
        depends: 'linux-image-6.1.0-2-arm64 (= 6.1.7-1)',
      },
      armKernel('6.1.0-1', '6.1.5-1'),
      armKernel('6.1.0-2', '6.1.6-1'),
      armKernel('6.1.0-2', '6.1.7-1'),
    ]);
  });
  afterAll(async () => {
    await repo.close();
    rmSync(repo.dir, { recursive: true, force: true });
    rmSync(cacheRoot, { recursive: true, force: true });
  });

  it('picks the newest metapackage and the newest version of its kernel, and leaves the host apt alone', async () => {
    const hostDirs = ['/var/lib/apt', '/var/cache/apt', '/etc/apt', '/var/log/apt'];
    const before = snapshot(hostDirs);
    const lines: string[] = [];
    const got = await fetchAptKernel('arm64', { cacheRoot, host: repo.host, log: (l) => lines.push(l) });
    expect(got.ok ? got.value : got.error).toMatchObject({
      arch: 'arm64',
      package: 'linux-image-6.1.0-2-arm64',
      version: '6.1.7-1',
      kernelVersion: '6.1.0-2-arm64',
    });
    if (!got.ok) return;
    expect(basename(got.value.path)).toBe('linux-image-6.1.0-2-arm64_6.1.7-1_arm64.deb');
    expect(got.value.path.startsWith(join(cacheRoot, 'kernels', 'arm64'))).toBe(true);
    expect(got.value.mirror).toContain(repo.url);
    expect(lines.join('\n')).toMatch(/apt-get update/);
    expect(snapshot(hostDirs)).toEqual(before);
    // apt sees only the private configuration: no host hook, every state folder ours.
    const dump = execFileSync('apt-config', ['dump'], {
      env: { ...process.env, APT_CONFIG: join(cacheRoot, 'apt', 'arm64', 'apt.conf') },
      encoding: 'utf8',
    });
    expect(dump).not.toMatch(/Invoke|Pre-Install-Pkgs/);
    for (const key of [
      'Dir::State::Lists',
      'Dir::State::status',
      'Dir::Cache::Archives',
      'Dir::Etc::SourceList',
      'Dir::Etc::parts',
    ])
      expect(new RegExp(`^${key} "([^"]*)"`, 'mi').exec(dump)?.[1], key).toMatch(
        new RegExp(`^${cacheRoot}/apt/arm64/`),
      );
    // The private state holds the lists it fetched from the test mirror.
    expect(readdirSync(join(cacheRoot, 'apt', 'arm64', 'lists')).some((f) => f.includes('127.0.0.1'))).toBe(
      true,
    );
  });

  it('says when the host release has no kernel for an architecture', async () => {
    const got = await fetchAptKernel('riscv64', { cacheRoot, host: repo.host });
    expect(got.ok).toBe(false);
    if (got.ok) return;
    expect(got.error.code).toBe('E_DOWNLOAD');
    expect(got.error.detail).toContain('linux-image-riscv64');
    expect(got.error.hint).toMatch(/kernel file/);
  });
});

describe('fetchAptKernel on a host without apt sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sourcery-no-apt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a non-Debian host is told to pick a kernel file', async () => {
    const osRelease = join(dir, 'os-release');
    writeFileSync(osRelease, 'ID=fedora\nID_LIKE="rhel centos"\nVERSION_ID=41\n');
    const got = await fetchAptKernel('amd64', {
      cacheRoot: dir,
      host: { etcApt: join(dir, 'etc-apt'), osRelease },
    });
    expect(got.ok).toBe(false);
    if (got.ok) return;
    expect(got.error).toMatchObject({ code: 'E_TOOL_MISSING' });
    expect(got.error.detail).toMatch(/not Debian.*fedora/);
    expect(got.error.hint).toMatch(/Pick a kernel file/);
  });

  it('a Debian host whose sources serve no release is told the same', async () => {
    const osRelease = join(dir, 'os-release-debian');
    writeFileSync(osRelease, 'ID=debian\nVERSION_CODENAME=bookworm\n');
    const got = await fetchAptKernel('amd64', {
      cacheRoot: dir,
      host: { etcApt: join(dir, 'none'), osRelease },
    });
    expect(got.ok ? got.value : got.error).toMatchObject({ code: 'E_TOOL_MISSING' });
    expect(got.ok ? '' : got.error.hint).toMatch(/Pick a kernel file/);
  });
});
