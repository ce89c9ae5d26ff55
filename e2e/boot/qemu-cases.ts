// The firmware x architecture matrix the boot tier proves, as QEMU command lines (docs/BOOT.md).

import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GoArch } from '../../contract/boot';
import { raspi3bCommand } from './rpi-boot';

export interface BootCase {
  name: string;
  arch: GoArch;
  firmware: string;
  /** The QEMU program and its arguments, for a stick image and a serial log path. */
  command(image: string, log: string, scratch: string): string[];
  /** The machine cannot power off (it halts): stop QEMU once the marker is on the console. */
  halts?: boolean;
}

const words = (line: string) => line.split(' ');
/** Serial to a file, no display, no network (firmware would try network boot for minutes). */
const common = (log: string) => [
  ...words('-m 1024 -display none -monitor none -no-reboot -nic none'),
  '-serial',
  `file:${log}`,
];
const virtio = (image: string) => ['-drive', `if=virtio,file=${image},format=raw,snapshot=on`];
const ovmf = '/usr/share/OVMF';
const openSbi = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin';

/** Program and machine per architecture. */
const machine: Record<GoArch, string[]> = {
  amd64: ['qemu-system-x86_64'],
  arm64: words('qemu-system-aarch64 -M virt -cpu cortex-a57'),
  riscv64: words('qemu-system-riscv64 -M virt'),
};

/** QEMU loading kernel and initramfs itself (no firmware, no boot loader), with the stick attached. */
export function directKernelCommand(
  arch: GoArch,
  kernel: string,
  initrd: string,
  cmdline: string,
  image: string,
  log: string,
): string[] {
  const disk = arch === 'amd64' ? ['-drive', `file=${image},format=raw,snapshot=on`] : virtio(image);
  const firmware = arch === 'riscv64' ? ['-bios', openSbi] : [];
  return [
    ...machine[arch],
    ...common(log),
    ...firmware,
    '-kernel',
    kernel,
    '-initrd',
    initrd,
    '-append',
    cmdline,
    ...disk,
  ];
}

export function bootCases(riscvFirmware?: string): BootCase[] {
  const cases: BootCase[] = [
    {
      name: 'x86_64 SeaBIOS, IDE disk',
      arch: 'amd64',
      firmware: 'SeaBIOS + syslinux',
      command: (image, log) => [
        ...machine.amd64,
        ...common(log),
        '-drive',
        `file=${image},format=raw,snapshot=on`,
      ],
    },
    {
      name: 'x86_64 SeaBIOS, USB stick',
      arch: 'amd64',
      firmware: 'SeaBIOS + syslinux',
      command: (image, log) => [
        ...machine.amd64,
        ...common(log),
        ...words('-device qemu-xhci,id=xhci -drive'),
        `if=none,id=stick,file=${image},format=raw,snapshot=on`,
        ...words('-device usb-storage,bus=xhci.0,drive=stick,bootindex=1'),
      ],
    },
    {
      name: 'x86_64 UEFI (OVMF), USB stick',
      arch: 'amd64',
      firmware: 'OVMF + UKI',
      command: (image, log, scratch) => {
        const vars = join(scratch, 'OVMF_VARS.fd');
        copyFileSync(`${ovmf}/OVMF_VARS_4M.fd`, vars);
        return [
          ...machine.amd64,
          ...words('-machine q35'),
          ...common(log),
          ...['-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${ovmf}/OVMF_CODE_4M.fd`],
          ...['-drive', `if=pflash,format=raw,unit=1,file=${vars}`],
          ...['-drive', `file=${image},format=raw,if=none,id=d0,snapshot=on`],
          ...words('-device qemu-xhci -device usb-storage,drive=d0,removable=on'),
        ];
      },
    },
    {
      name: 'arm64 U-Boot',
      arch: 'arm64',
      firmware: 'U-Boot + boot.scr',
      command: (image, log) => [
        ...machine.arm64,
        ...common(log),
        '-bios',
        '/usr/lib/u-boot/qemu_arm64/u-boot.bin',
        ...virtio(image),
      ],
    },
    {
      name: 'arm64 UEFI (EDK2)',
      arch: 'arm64',
      firmware: 'EDK2 + UKI',
      command: (image, log) => [
        ...machine.arm64,
        ...common(log),
        '-bios',
        '/usr/share/qemu-efi-aarch64/QEMU_EFI.fd',
        ...virtio(image),
      ],
    },
    {
      name: 'riscv64 U-Boot',
      arch: 'riscv64',
      firmware: 'OpenSBI + U-Boot + boot.scr',
      command: (image, log) => [
        ...machine.riscv64,
        ...common(log),
        ...['-bios', openSbi, '-kernel', '/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf'],
        ...virtio(image),
      ],
    },
    {
      name: 'Raspberry Pi 3B (raspi3b), SD',
      arch: 'arm64',
      firmware: 'config.txt as the Pi reads it',
      command: raspi3bCommand,
      halts: true,
    },
  ];
  if (riscvFirmware) {
    cases.push({
      name: 'riscv64 UEFI (EDK2)',
      arch: 'riscv64',
      firmware: 'OpenSBI + EDK2 + UKI',
      // QEMU 7.2's pflash hangs this firmware; load it into the flash window instead and jump there
      // from S-mode with an 8-byte kernel: lui t0,0x20000; jr t0 (docs/BOOT.md).
      command: (image, log, scratch) => {
        const jump = join(scratch, 'jump.bin');
        writeFileSync(jump, Buffer.from([0xb7, 0x02, 0x00, 0x20, 0x67, 0x80, 0x02, 0x00]));
        const vars = join(scratch, 'RISCV_VIRT_VARS.fd');
        copyFileSync(join(riscvFirmware, 'RISCV_VIRT_VARS.fd'), vars);
        return [
          ...machine.riscv64,
          ...common(log),
          ...[
            '-device',
            `loader,file=${join(riscvFirmware, 'RISCV_VIRT_CODE.fd')},addr=0x20000000,force-raw=on`,
          ],
          ...['-device', `loader,file=${vars},addr=0x22000000,force-raw=on`],
          ...['-kernel', jump],
          ...virtio(image),
        ];
      },
    });
  }
  return cases;
}
