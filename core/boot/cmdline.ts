// The kernel command line per architecture: console, root, init, quiet by default, user additions last.

import type { GoArch } from '../../contract/boot';
import { serialConsole } from './arch';

export interface CmdlineOptions {
  arch: GoArch;
  /** "<disk signature>-01", the FAT32 partition. */
  partUuid: string;
  /** With an initramfs stage-0 mounts the stick; without, the kernel mounts it (VFAT built in). */
  initramfs: boolean;
  /** Extra words from the user, appended last so they win. */
  append?: string;
  /** Leave out "quiet" (for debugging boots). */
  verbose?: boolean;
  /** A board's own serial console instead of the architecture's usual one (Raspberry Pi: ttyS1). */
  serial?: string;
}

export function kernelCmdline(options: CmdlineOptions): string {
  const words = [
    // tty0 too, so a board with a screen shows the same; the last console= gets /dev/console.
    'console=tty0',
    `console=${options.serial ?? (options.arch === 'amd64' ? 'ttyS0,115200' : serialConsole[options.arch])}`,
    `root=PARTUUID=${options.partUuid}`,
  ];
  if (!options.initramfs)
    words.push('rootfstype=vfat', 'rootwait', 'ro', `init=/linux_${options.arch}/bin/init`);
  if (!options.verbose) words.push('quiet');
  if (options.append?.trim()) words.push(options.append.trim());
  return words.join(' ');
}
