// What each architecture a stick can boot (contract/boot.ts GoArch) is called by UEFI, systemd and PE/COFF.

import type { GoArch } from '../../contract/boot';

/** Removable-media file name UEFI firmware looks for under /EFI/BOOT. */
export const efiBootName: Record<GoArch, string> = {
  amd64: 'BOOTX64.EFI',
  arm64: 'BOOTAA64.EFI',
  riscv64: 'BOOTRISCV64.EFI',
};

/** systemd's stub file name in the systemd-boot-efi package. */
export const efiStubName: Record<GoArch, string> = {
  amd64: 'linuxx64.efi.stub',
  arm64: 'linuxaa64.efi.stub',
  riscv64: 'linuxriscv64.efi.stub',
};

/** The serial console each architecture's usual boards and QEMU machines use. */
export const serialConsole: Record<GoArch, string> = {
  amd64: 'ttyS0',
  arm64: 'ttyAMA0',
  riscv64: 'ttyS0',
};

/** PE/COFF machine numbers, for EFI kernels and stubs. */
export const peMachine: Record<number, GoArch | undefined> = {
  0x8664: 'amd64',
  0xaa64: 'arm64',
  0x5064: 'riscv64',
};
