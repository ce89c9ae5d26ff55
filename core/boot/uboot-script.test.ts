// boot.scr against U-Boot's own mkimage, and the script's branching per architecture.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ubootScriptImage, ubootScriptText } from './uboot-script';

const dir = mkdtempSync(join(tmpdir(), 'sourcery-bootscr-'));
const text = ubootScriptText([
  { arch: 'arm64', cmdline: 'console=ttyAMA0 root=PARTUUID=1234abcd-01 quiet', initramfs: true },
  { arch: 'riscv64', cmdline: 'console=ttyS0 root=PARTUUID=1234abcd-01 rootfstype=vfat', initramfs: false },
]);

test('the script image is byte for byte what `mkimage -T script` makes of the same text', () => {
  writeFileSync(join(dir, 'boot.txt'), text);
  execFileSync(
    'mkimage',
    [
      '-T',
      'script',
      '-C',
      'none',
      '-n',
      'sourcery boot script',
      '-d',
      join(dir, 'boot.txt'),
      join(dir, 'boot.scr'),
    ],
    {
      env: { ...process.env, SOURCE_DATE_EPOCH: '0' },
    },
  );
  expect(Buffer.compare(Buffer.from(ubootScriptImage(text)), readFileSync(join(dir, 'boot.scr')))).toBe(0);
  // mkimage -l checks both CRCs when it lists the image.
  writeFileSync(join(dir, 'ours.scr'), ubootScriptImage(text));
  expect(execFileSync('mkimage', ['-l', join(dir, 'ours.scr')], { encoding: 'utf8' })).toContain('Script');
});

test('each architecture loads its own kernel, initramfs only when it has one', () => {
  expect(text).toContain('if test "${arch}" = "arm"; then');
  expect(text).toContain(
    'load ${devtype} ${devnum}:${distro_bootpart} ${ramdisk_addr_r} /boot/arm64/initrd.gz',
  );
  expect(text).toContain('booti ${kernel_addr_r} ${ramdisk_addr_r}:${filesize} ${fdtcontroladdr}');
  expect(text).toContain('if test "${arch}" = "riscv"; then');
  expect(text).toContain('booti ${kernel_addr_r} - ${fdtcontroladdr}');
  expect(text).not.toContain('/boot/riscv64/initrd.gz');
  expect(text).toContain('this stick has kernels for arm64, riscv64, not for ${arch}');
});
