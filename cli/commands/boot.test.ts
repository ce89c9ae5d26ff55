// `boot fetch-kernel` against a real apt-get and a local mirror on 127.0.0.1, the host's apt files given
// by SOURCERY_FLASHER_APT_ROOT: prints the .deb, copies it with --out, refuses a non-Debian host.

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armKernel, serveTestRepo, type TestRepo } from '../../core/boot/testing/apt-repo';
import { runCli } from '../testing/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'cli-boot-'));
const saved = { cache: process.env.XDG_CACHE_HOME, root: process.env.SOURCERY_FLASHER_APT_ROOT };
let repo: TestRepo;

beforeAll(async () => {
  repo = await serveTestRepo([
    { name: 'linux-image-arm64', version: '2', arch: 'arm64', depends: 'linux-image-6.1.0-2-arm64' },
    armKernel('6.1.0-2', '6.1.7-1'),
  ]);
  process.env.XDG_CACHE_HOME = join(dir, 'cache');
  process.env.SOURCERY_FLASHER_APT_ROOT = repo.hostRoot;
});
afterAll(async () => {
  for (const [key, value] of [
    ['XDG_CACHE_HOME', saved.cache],
    ['SOURCERY_FLASHER_APT_ROOT', saved.root],
  ] as const)
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  await repo.close();
  rmSync(repo.dir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('sourcery-flash boot fetch-kernel', () => {
  it('prints the fetched package, kept in the cache, and copies it with --out', async () => {
    const out = join(dir, 'kernels');
    const run = await runCli(['boot', 'fetch-kernel', '--arch', 'arm64', '--out', out]);
    expect(run.code, run.err).toBe(0);
    const path = run.out.trim();
    expect(path).toBe(join(out, 'linux-image-6.1.0-2-arm64_6.1.7-1_arm64.deb'));
    expect(existsSync(path)).toBe(true);
    expect(
      existsSync(join(dir, 'cache', 'sourcery-flasher', 'apt-kernels', 'kernels', 'arm64', basename(path))),
    ).toBe(true);
    expect(run.err).toMatch(/apt-get update/);
    const json = await runCli(['boot', 'fetch-kernel', '--arch', 'arm64', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({
      type: 'result',
      package: 'linux-image-6.1.0-2-arm64',
      version: '6.1.7-1',
    });
  });

  it('on a host that is not Debian, says to pick a kernel file (exit 3)', async () => {
    const other = join(dir, 'other-host');
    mkdirSync(join(other, 'etc'), { recursive: true });
    writeFileSync(join(other, 'etc', 'os-release'), 'ID=alpine\n');
    process.env.SOURCERY_FLASHER_APT_ROOT = other;
    try {
      const run = await runCli(['boot', 'fetch-kernel', '--arch', 'amd64']);
      expect(run.code).toBe(3);
      expect(run.err).toMatch(/not Debian[\s\S]*what to do: Pick a kernel file/);
    } finally {
      process.env.SOURCERY_FLASHER_APT_ROOT = repo.hostRoot;
    }
  });
});
