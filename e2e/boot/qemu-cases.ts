// The firmware x architecture matrix the boot tier proves, as QEMU command lines (docs/BOOT.md).

import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BootArch } from '../../core/boot/arch';

export interface BootCase {
  name: string;
  arch: BootArch;
  firmware: string;
  /** The QEMU program and its arguments, for a stick image and a serial log path. */
  command(image: string, log: string, scratch: string): string[];
}

const common = (log: string) => [
  '-m',
  '1024',
  '-display',
  'none',
  '-monitor',
  'none',
  '-serial',
  `file:${log}`,
  '-no-reboot',
  '-nic',
  'none',
];
const virtio = (image: string) => ['-drive', `if=virtio,file=${image},format=raw,snapshot=on`];

export function bootCases(riscvFirmware?: string): BootCase[] {
  const cases: BootCase[] = [
    {
      name: 'x86_64 SeaBIOS, IDE disk',
      arch: 'amd64',
      firmware: 'SeaBIOS + syslinux',
      command: (image, log) => [
        'qemu-system-x86_64',
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
        'qemu-system-x86_64',
        ...common(log),
        '-device',
        'qemu-xhci,id=xhci',
        '-drive',
        `if=none,id=stick,file=${image},format=raw,snapshot=on`,
        '-device',
        'usb-storage,bus=xhci.0,drive=stick,bootindex=1',
      ],
    },
    {
      name: 'x86_64 UEFI (OVMF), USB stick',
      arch: 'amd64',
      firmware: 'OVMF + UKI',
      command: (image, log, scratch) => {
        const vars = join(scratch, 'OVMF_VARS.fd');
        copyFileSync('/usr/share/OVMF/OVMF_VARS_4M.fd', vars);
        return [
          'qemu-system-x86_64',
          '-machine',
          'q35',
          ...common(log),
          '-drive',
          'if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd',
          '-drive',
          `if=pflash,format=raw,unit=1,file=${vars}`,
          '-drive',
          `file=${image},format=raw,if=none,id=d0,snapshot=on`,
          '-device',
          'qemu-xhci',
          '-device',
          'usb-storage,drive=d0,removable=on',
        ];
      },
    },
    {
      name: 'arm64 U-Boot',
      arch: 'arm64',
      firmware: 'U-Boot + boot.scr',
      command: (image, log) => [
        'qemu-system-aarch64',
        '-M',
        'virt',
        '-cpu',
        'cortex-a57',
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
        'qemu-system-aarch64',
        '-M',
        'virt',
        '-cpu',
        'cortex-a57',
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
        'qemu-system-riscv64',
        '-M',
        'virt',
        ...common(log),
        '-bios',
        '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin',
        '-kernel',
        '/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf',
        ...virtio(image),
      ],
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
          'qemu-system-riscv64',
          '-M',
          'virt',
          ...common(log),
          '-device',
          `loader,file=${join(riscvFirmware, 'RISCV_VIRT_CODE.fd')},addr=0x20000000,force-raw=on`,
          '-device',
          `loader,file=${vars},addr=0x22000000,force-raw=on`,
          '-kernel',
          jump,
          ...virtio(image),
        ];
      },
    });
  }
  return cases;
}
