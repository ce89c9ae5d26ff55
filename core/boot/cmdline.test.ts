// Kernel command lines per architecture and root style.

import { expect, test } from 'vitest';
import { kernelCmdline } from './cmdline';

test('with an initramfs: the serial console for the arch, the PARTUUID for stage-0, quiet, user words last', () => {
  expect(
    kernelCmdline({ arch: 'arm64', partUuid: '1234abcd-01', initramfs: true, append: ' loglevel=7 ' }),
  ).toBe('console=tty0 console=ttyAMA0 root=PARTUUID=1234abcd-01 quiet loglevel=7');
  expect(kernelCmdline({ arch: 'amd64', partUuid: '1234abcd-01', initramfs: true })).toContain(
    'console=ttyS0,115200',
  );
  expect(
    kernelCmdline({ arch: 'riscv64', partUuid: '1234abcd-01', initramfs: true, verbose: true }),
  ).not.toContain('quiet');
});

test('with VFAT built in, the kernel mounts the stick itself and runs the arch init', () => {
  expect(kernelCmdline({ arch: 'riscv64', partUuid: '00c0ffee-01', initramfs: false })).toBe(
    'console=tty0 console=ttyS0 root=PARTUUID=00c0ffee-01 rootfstype=vfat rootwait ro init=/linux_riscv64/bin/init quiet',
  );
});
