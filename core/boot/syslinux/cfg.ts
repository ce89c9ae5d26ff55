// Writes /syslinux.cfg: boot the amd64 kernel at once, no menu.

import { initrdPath, kernelPath } from '../stick-paths';

export function syslinuxConfig(cmdline: string, initramfs: boolean): string {
  // APPEND takes the rest of its line; core/boot/kernel-arguments.ts keeps line breaks out (a bug here).
  if (!/^[\x20-\x7e]*$/.test(cmdline))
    throw new Error(`syslinux.cfg cannot carry the command line ${JSON.stringify(cmdline)}`);
  const lines = [
    'DEFAULT sourcery',
    'PROMPT 0',
    'TIMEOUT 0',
    'LABEL sourcery',
    `  KERNEL ${kernelPath('amd64')}`,
  ];
  if (initramfs) lines.push(`  INITRD ${initrdPath('amd64')}`);
  lines.push(`  APPEND ${cmdline}`);
  return `${lines.join('\n')}\n`;
}
