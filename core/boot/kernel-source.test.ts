// Kernels from .deb packages: unpacking without dpkg, module selection in dependency order, refusals.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { unpackDeb } from './packages/deb';
import { resolveKernel } from './kernel-source';
import { fakeBzImage, fakeImage, fakeKernelDeb } from './testing/fixtures';

const cacheRoot = mkdtempSync(join(tmpdir(), 'sourcery-debs-'));
const fullSet = {
  'fs/fat.ko.xz': [],
  'fs/vfat.ko.xz': ['fat'],
  'fs/nls_cp437.ko.zst': [],
  'fs/nls_utf8.ko': [],
  'scsi/scsi_mod.ko.xz': ['scsi_common'],
  'scsi/scsi_common.ko': [],
  'scsi/sd_mod.ko.xz': ['scsi_mod'],
  'usb/usb-storage.ko.xz': ['usbcore', 'scsi_mod'],
  'usb/usbcore.ko.xz': [],
  'sound/snd.ko.xz': [],
};

describe('kernel packages', () => {
  test.each(['xz', 'zstd', 'gzip'] as const)(
    'a data.tar.%s package unpacks to the same files dpkg-deb extracts',
    async (compression) => {
      const deb = fakeKernelDeb({
        kernel: fakeBzImage(8192),
        vfatLine: 'CONFIG_VFAT_FS=m',
        modules: fullSet,
        compression,
      });
      const ours = await unpackDeb(deb, { cacheRoot });
      if (!ours.ok) throw new Error(ours.error.detail);
      const theirs = mkdtempSync(join(tmpdir(), 'sourcery-dpkg-x-'));
      execFileSync('dpkg-deb', ['-x', deb, theirs]);
      const list = (root: string) =>
        execFileSync('sh', ['-c', `cd ${root} && find . -type f ! -name .complete | sort`], {
          encoding: 'utf8',
        });
      expect(list(ours.value)).toBe(list(theirs));
      expect(
        Buffer.compare(
          readFileSync(join(ours.value, 'boot/vmlinuz-9.9.9-test')),
          readFileSync(join(theirs, 'boot/vmlinuz-9.9.9-test')),
        ),
      ).toBe(0);
    },
  );

  test('modules are taken in dependency order, decompressed; unrelated ones are left out', async () => {
    const deb = fakeKernelDeb({ kernel: fakeBzImage(8192), vfatLine: 'CONFIG_VFAT_FS=m', modules: fullSet });
    const result = await resolveKernel('amd64', deb, { cacheRoot });
    if (!result.ok) throw new Error(result.error.detail);
    const names = result.value.modules.map((m) => m.name);
    expect(result.value.vfat).toBe('module');
    expect(names).not.toContain('snd');
    for (const [before, after] of [
      ['fat', 'vfat'],
      ['scsi_common', 'scsi_mod'],
      ['scsi_mod', 'sd_mod'],
      ['usbcore', 'usb_storage'],
    ]) {
      expect(names.indexOf(before as string)).toBeGreaterThanOrEqual(0);
      expect(names.indexOf(before as string)).toBeLessThan(names.indexOf(after as string));
    }
    // Stored decompressed: the kernel gets plain ELF whatever the package used.
    for (const module of result.value.modules)
      expect([...module.data.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
  });

  test('a kernel with VFAT built in needs no modules', async () => {
    const deb = fakeKernelDeb({ kernel: fakeImage('arm64', 8192), vfatLine: 'CONFIG_VFAT_FS=y' });
    const result = await resolveKernel('arm64', deb, { cacheRoot });
    expect(result.ok && [result.value.vfat, result.value.modules.length]).toEqual(['builtin', 0]);
  });
});

describe('bad kernels are refused with what to supply instead', () => {
  test('a kernel built without VFAT', async () => {
    const deb = fakeKernelDeb({ kernel: fakeBzImage(8192), vfatLine: '# CONFIG_VFAT_FS is not set' });
    const result = await resolveKernel('amd64', deb, { cacheRoot });
    expect(result.ok ? '' : result.error.detail).toContain('built without VFAT');
    expect(result.ok ? '' : result.error.hint).toContain('CONFIG_VFAT_FS=y');
  });

  test('VFAT as a module, but the package has no modules at all', async () => {
    const deb = fakeKernelDeb({ kernel: fakeBzImage(8192), vfatLine: 'CONFIG_VFAT_FS=m' });
    const result = await resolveKernel('amd64', deb, { cacheRoot });
    expect(result.ok ? '' : result.error.detail).toContain(
      'the whole lib/modules/9.9.9-test folder is missing',
    );
    expect(result.ok ? '' : result.error.hint).toContain('linux-image .deb');
  });

  test('modules missing from the package are named', async () => {
    const deb = fakeKernelDeb({
      kernel: fakeBzImage(8192),
      vfatLine: 'CONFIG_VFAT_FS=m',
      modules: { 'fs/fat.ko.xz': [] },
    });
    const result = await resolveKernel('amd64', deb, { cacheRoot });
    expect(result.ok ? '' : result.error.detail).toContain('vfat, nls_cp437, nls_utf8 are missing');
  });

  test('a package for another architecture', async () => {
    const deb = fakeKernelDeb({ kernel: fakeImage('riscv64', 8192), vfatLine: 'CONFIG_VFAT_FS=y' });
    const result = await resolveKernel('arm64', deb, { cacheRoot });
    expect(result.ok ? '' : result.error.detail).toContain(
      'is a kernel for riscv64, but it was given for arm64',
    );
  });

  test('a damaged package', async () => {
    const deb = fakeKernelDeb({ kernel: fakeBzImage(8192), vfatLine: 'CONFIG_VFAT_FS=y' });
    const cut = join(mkdtempSync(join(tmpdir(), 'sourcery-cut-')), 'cut.deb');
    execFileSync('sh', ['-c', `head -c 700 ${deb} > ${cut}`]);
    const result = await resolveKernel('amd64', cut, { cacheRoot });
    expect(result.ok ? '' : result.error.detail).toContain('is not a usable Debian package');
  });
});
