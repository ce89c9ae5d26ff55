// A channel's kernel package is judged by its boot/ files as it is fetched: the rest of its data (the
// modules) is not decompressed then, while a wrong architecture or a kernel without VFAT is still refused.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unpackDeb } from '../boot/packages/deb';
import { readDebBoot } from '../boot/packages/deb-boot';
import { debArchive, gzipPieces, tarFile, tarHeader } from '../boot/testing/archives';
import { fakeBzImage, fakeKernelDeb } from '../boot/testing/fixtures';
import { checkChannelKernel } from './kernel-check';

const dir = mkdtempSync(join(tmpdir(), 'sourcery-kernel-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A package with boot/ first, then a module entry that claims 64 MiB and is cut after 4 KiB. */
async function cutAfterBoot(config: string): Promise<string> {
  const data = await gzipPieces([
    tarHeader('./', 0, '5'),
    tarHeader('./boot/', 0, '5'),
    tarFile('./boot/config-9.9.9-test', Buffer.from(config)),
    tarFile('./boot/vmlinuz-9.9.9-test', fakeBzImage(96 * 1024)),
    tarHeader('./usr/lib/modules/9.9.9-test/kernel/fs/fat/vfat.ko', 64 * 1024 * 1024),
    Buffer.alloc(4096, 7),
  ]);
  const path = join(dir, `cut-${config.length}.deb`);
  writeFileSync(path, debArchive('data.tar.gz', data));
  return path;
}

describe('channel kernels checked from their boot/ files', () => {
  it('reads the kernel and its config and stops: the damaged modules after them are never read', async () => {
    const deb = await cutAfterBoot('CONFIG_VFAT_FS=m\n');
    const boot = await readDebBoot(deb);
    expect(boot.ok && boot.value.kernel?.name).toBe('vmlinuz-9.9.9-test');
    expect(boot.ok && boot.value.kernel?.size).toBe(96 * 1024);
    expect(boot.ok && boot.value.config).toBe('CONFIG_VFAT_FS=m\n');
    expect(await checkChannelKernel('amd64', deb, 'linux-image-9.9.9-test.deb')).toEqual({
      ok: true,
      value: deb,
    });
    // Unpacking the whole package (what using the kernel does) reaches the damage and says so.
    const whole = await unpackDeb(deb, { cacheRoot: join(dir, 'debs') });
    expect(whole.ok).toBe(false);
  });

  it('refuses a package kernel of another architecture, naming the published file', async () => {
    const deb = await cutAfterBoot('CONFIG_VFAT_FS=y\n');
    const checked = await checkChannelKernel('arm64', deb, 'linux-image-9.9.9-test.deb');
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.error.detail).toMatch(
      /kernel for arm64 \(linux-image-9\.9\.9-test\.deb\) is refused/,
    );
  });

  it('refuses a package kernel built without VFAT (read whole for the reason)', async () => {
    const deb = fakeKernelDeb({ kernel: fakeBzImage(64 * 1024), vfatLine: '# CONFIG_VFAT_FS is not set' });
    const checked = await checkChannelKernel('amd64', deb, 'linux-image-9.9.9-test.deb');
    expect(!checked.ok && checked.error.detail).toMatch(/without VFAT/);
    rmSync(join(deb, '..'), { recursive: true, force: true });
  });

  it('passes a real xz-compressed package with VFAT built in', async () => {
    const deb = fakeKernelDeb({ kernel: fakeBzImage(64 * 1024), vfatLine: 'CONFIG_VFAT_FS=y' });
    expect((await checkChannelKernel('amd64', deb, 'k.deb')).ok).toBe(true);
    rmSync(join(deb, '..'), { recursive: true, force: true });
  });
});
