// scripts/fetch-kernels.mjs as a process, against a local mirror on 127.0.0.1 named only by the fake
// host's apt sources: every test architecture's plain kernel and extras come from that mirror.

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveTestRepo, type RepoPackage, type TestRepo } from '../testing/apt-repo';

const script = join(import.meta.dirname, '..', '..', '..', 'scripts', 'fetch-kernels.mjs');
const cache = mkdtempSync(join(tmpdir(), 'sourcery-fetch-kernels-'));
let repo: TestRepo;

const pkg = (name: string, arch: string, depends?: string): RepoPackage => ({
  name,
  version: '1.0-1',
  arch,
  ...(depends ? { depends } : {}),
});

beforeAll(async () => {
  repo = await serveTestRepo(
    [
      pkg('linux-image-amd64', 'amd64', 'linux-image-6.1.0-9-amd64'),
      pkg('linux-image-6.1.0-9-amd64-unsigned', 'amd64'),
      pkg('linux-image-arm64', 'arm64', 'linux-image-6.1.0-9-arm64'),
      pkg('linux-image-6.1.0-9-arm64-unsigned', 'arm64'),
      pkg('linux-image-riscv64', 'riscv64', 'linux-image-6.1.0-9-riscv64'),
      pkg('linux-image-6.1.0-9-riscv64', 'riscv64'),
      pkg('systemd-boot-efi', 'arm64'),
      pkg('systemd-boot-efi', 'riscv64'),
      pkg('raspi-firmware', 'all'),
      pkg('qemu-efi-riscv64', 'all'),
    ],
    { suite: 'bookworm', otherSuites: ['trixie'] },
  );
});
afterAll(async () => {
  await repo.close();
  rmSync(repo.dir, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

describe('scripts/fetch-kernels.mjs', () => {
  it('takes the mirror from the host apt sources and fetches each plain kernel and extra', async () => {
    const env = { ...process.env, XDG_CACHE_HOME: cache, SOURCERY_FLASHER_APT_ROOT: repo.hostRoot };
    const { stdout } = await promisify(execFile)(process.execPath, [script], { env, timeout: 120_000 });
    const fetched = JSON.parse(stdout) as Record<string, Record<string, string>>;
    expect(Object.keys(fetched).sort()).toEqual(['all', 'amd64', 'arm64', 'riscv64']);
    expect(basename(fetched.amd64?.kernel ?? '')).toBe('linux-image-6.1.0-9-amd64-unsigned_1.0-1_amd64.deb');
    expect(basename(fetched.arm64?.kernel ?? '')).toBe('linux-image-6.1.0-9-arm64-unsigned_1.0-1_arm64.deb');
    expect(basename(fetched.riscv64?.kernel ?? '')).toBe('linux-image-6.1.0-9-riscv64_1.0-1_riscv64.deb');
    expect(basename(fetched.arm64?.['raspi-firmware'] ?? '')).toBe('raspi-firmware_1.0-1_all.deb');
    expect(basename(fetched.all?.['qemu-efi-riscv64'] ?? '')).toBe('qemu-efi-riscv64_1.0-1_all.deb');
    for (const entry of Object.values(fetched))
      for (const file of Object.values(entry)) expect(existsSync(file)).toBe(true);
    expect(repo.requests.some((r) => r.startsWith('/dists/trixie/'))).toBe(true);
  });
});
