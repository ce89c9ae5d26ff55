// QEMU command lines per architecture and firmware: the lines docs/BOOT.md records as working.

import { copyFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { GoArch } from '../../contract/dto';

export type Firmware = 'bios' | 'uefi' | 'uboot';
export const firmwares: readonly Firmware[] = ['bios', 'uefi', 'uboot'];

/** What a machine needs on this computer, and the Debian packages that bring it. */
export interface Machine {
  program: string;
  /** Firmware and loader files that must exist. */
  files: string[];
  packages: string[];
  /** Arguments, given the image and a scratch folder (for a writable copy of UEFI variables). */
  args(image: string, scratch: string): Promise<string[]>;
}

const ovmf = '/usr/share/OVMF';
const openSbi = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin';
const words = (line: string): string[] => line.split(' ');

/**
 * A file name as one value of a QEMU option list (`-drive a=b,c=d`): QEMU reads a doubled comma as a
 * comma inside the value, and a name with a colon before its first slash (`nbd:…`, `json:{…}`) as a
 * protocol; an absolute path has no such prefix. So `a.img,if=none,file=/etc/shadow` stays one name.
 */
export const qemuFile = (path: string): string => `file=${resolve(path).replace(/,/g, ',,')}`;

/** snapshot=on: writes go to a temporary overlay, so the image (or stick) is never changed. */
const virtio = (image: string) => ['-drive', `if=virtio,${qemuFile(image)},format=raw,snapshot=on`];

/** Firmware a boot test uses when none is named: the one every composed stick has for that arch. */
export const defaultFirmware: Record<GoArch, Firmware> = { amd64: 'bios', arm64: 'uboot', riscv64: 'uboot' };

export function machineFor(arch: GoArch, firmware: Firmware): Machine | undefined {
  const key = `${arch}/${firmware}`;
  switch (key) {
    case 'amd64/bios':
      return {
        program: 'qemu-system-x86_64',
        files: [],
        packages: ['qemu-system-x86'],
        args: async (image) => ['-drive', `${qemuFile(image)},format=raw,snapshot=on`],
      };
    case 'amd64/uefi':
      return {
        program: 'qemu-system-x86_64',
        files: [`${ovmf}/OVMF_CODE_4M.fd`, `${ovmf}/OVMF_VARS_4M.fd`],
        packages: ['qemu-system-x86', 'ovmf'],
        args: async (image, scratch) => {
          const vars = join(scratch, 'OVMF_VARS.fd');
          await copyFile(`${ovmf}/OVMF_VARS_4M.fd`, vars);
          return [
            ...words('-machine q35'),
            ...['-drive', `if=pflash,format=raw,unit=0,readonly=on,${qemuFile(`${ovmf}/OVMF_CODE_4M.fd`)}`],
            ...['-drive', `if=pflash,format=raw,unit=1,${qemuFile(vars)}`],
            ...['-drive', `${qemuFile(image)},format=raw,if=none,id=d0,snapshot=on`],
            ...words('-device qemu-xhci -device usb-storage,drive=d0,removable=on'),
          ];
        },
      };
    case 'arm64/uboot':
    case 'arm64/uefi': {
      const bios =
        firmware === 'uboot'
          ? '/usr/lib/u-boot/qemu_arm64/u-boot.bin'
          : '/usr/share/qemu-efi-aarch64/QEMU_EFI.fd';
      return {
        program: 'qemu-system-aarch64',
        files: [bios],
        packages: ['qemu-system-arm', firmware === 'uboot' ? 'u-boot-qemu' : 'qemu-efi-aarch64'],
        args: async (image) => [...words('-M virt -cpu cortex-a57 -bios'), bios, ...virtio(image)],
      };
    }
    case 'riscv64/uboot': {
      const uboot = '/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf';
      return {
        program: 'qemu-system-riscv64',
        files: [openSbi, uboot],
        packages: ['qemu-system-misc', 'opensbi', 'u-boot-qemu'],
        args: async (image) => [...words('-M virt -bios'), openSbi, '-kernel', uboot, ...virtio(image)],
      };
    }
    default:
      // riscv64 UEFI needs trixie's firmware and a loader trick on QEMU 7.2 (docs/BOOT.md): not offered.
      return undefined;
  }
}

/** Memory, no display or monitor, no network (firmware would try network boot for minutes), serial on stdio. */
export const commonArgs = words('-m 1024 -display none -monitor none -no-reboot -nic none -serial stdio');
