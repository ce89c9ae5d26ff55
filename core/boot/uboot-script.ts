// Writes /boot.scr: a U-Boot script image that picks the kernel for the board's ${arch} and boots it.

import { crc32 } from 'node:zlib';
import type { GoArch } from '../../contract/boot';
import { initrdPath, kernelPath } from './stick-paths';

export interface UbootEntry {
  arch: GoArch;
  cmdline: string;
  initramfs: boolean;
}

/** U-Boot's names in ${arch} for the architectures its boards run. */
const ubootArch: Partial<Record<GoArch, string>> = { arm64: 'arm', riscv64: 'riscv' };

/**
 * The command line as one literal hush word: in single quotes nothing is special but the closing quote.
 * core/boot/kernel-arguments.ts refuses what cannot be carried; reaching here with it is a bug.
 */
function hushWord(cmdline: string): string {
  if (!/^[\x20-\x7e]*$/.test(cmdline) || /['$\\]/.test(cmdline))
    throw new Error(`boot.scr cannot carry the command line ${JSON.stringify(cmdline)}`);
  return `'${cmdline}'`;
}

/** The script text; distro boot sets devtype, devnum and distro_bootpart before running it. */
export function ubootScriptText(entries: UbootEntry[]): string {
  const lines = [
    "# Sourcery Flasher: boots the kernel for this board's architecture.",
    'setenv sourcery_found no',
  ];
  for (const entry of entries) {
    const name = ubootArch[entry.arch];
    if (!name) continue;
    const where = '${devtype} ${devnum}:${distro_bootpart}';
    const fdt = '${fdtcontroladdr}';
    lines.push(
      `if test "\${arch}" = "${name}"; then`,
      '  setenv sourcery_found yes',
      `  setenv bootargs ${hushWord(entry.cmdline)}`,
      `  echo "sourcery: loading ${kernelPath(entry.arch)}"`,
      `  load ${where} \${kernel_addr_r} ${kernelPath(entry.arch)}`,
    );
    if (entry.initramfs) {
      lines.push(
        `  load ${where} \${ramdisk_addr_r} ${initrdPath(entry.arch)}`,
        `  booti \${kernel_addr_r} \${ramdisk_addr_r}:\${filesize} ${fdt}`,
      );
    } else {
      lines.push(`  booti \${kernel_addr_r} - ${fdt}`);
    }
    lines.push('fi');
  }
  const have =
    entries
      .filter((e) => ubootArch[e.arch])
      .map((e) => e.arch)
      .join(', ') || 'none';
  lines.push(
    `if test "\${sourcery_found}" = "no"; then echo "sourcery: this stick has kernels for ${have}, not for \${arch}"; fi`,
  );
  return `${lines.join('\n')}\n`;
}

/** Wraps script text in U-Boot's legacy image header (type script), as `mkimage -T script` does. */
export function ubootScriptImage(text: string, options: { name?: string; time?: number } = {}): Uint8Array {
  const script = new TextEncoder().encode(text);
  // A "multi" payload: a zero-terminated list of big-endian lengths, then the data.
  const data = new Uint8Array(8 + script.length);
  const dataView = new DataView(data.buffer);
  dataView.setUint32(0, script.length);
  data.set(script, 8);
  const image = new Uint8Array(64 + data.length);
  const view = new DataView(image.buffer);
  view.setUint32(0, 0x27051956); // magic
  view.setUint32(8, options.time ?? 0);
  view.setUint32(12, data.length);
  view.setUint32(24, crc32(data));
  image[28] = 5; // OS: Linux
  image[29] = 7; // arch: mkimage's default (PowerPC); U-Boot does not check it for scripts
  image[30] = 6; // type: script
  image[31] = 0; // no compression
  image.set(new TextEncoder().encode((options.name ?? 'sourcery boot script').slice(0, 31)), 32);
  view.setUint32(4, crc32(image.subarray(0, 64))); // header CRC, computed with its own field zero
  image.set(data, 64);
  return image;
}
