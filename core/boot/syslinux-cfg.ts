// Writes /syslinux.cfg: boot the amd64 kernel at once, no menu.

import { initrdPath, kernelPath } from './layout';

export function syslinuxConfig(cmdline: string, initramfs: boolean): string {
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
