// Writes the Raspberry Pi firmware's config.txt and the command line files it points each model at.

import { rpiFolder, rpiLabel, rpiModelInfo, type RpiModel } from './models';

/** The kernel and initramfs names inside the Pi's folder (config.txt's os_prefix). */
export const rpiKernelName = 'vmlinuz';
export const rpiInitrdName = 'initrd.gz';

export interface RpiCmdlineFile {
  /** Inside the Pi's folder: "cmdline.txt" or "cmdline-pi5.txt". */
  name: string;
  models: RpiModel[];
  /** The serial console these models share. */
  console: string;
}

/**
 * Models whose header serial port differs get command lines of their own: the first group keeps the
 * firmware's default name (cmdline.txt), the others are named in their config.txt section.
 */
export function rpiCmdlineFiles(models: readonly RpiModel[]): RpiCmdlineFile[] {
  const files: RpiCmdlineFile[] = [];
  for (const model of models) {
    const { console } = rpiModelInfo[model];
    const same = files.find((f) => f.console === console);
    if (same) same.models.push(model);
    else
      files.push({
        name: files.length === 0 ? 'cmdline.txt' : `cmdline-${rpiModelInfo[model].section}.txt`,
        models: [model],
        console,
      });
  }
  return files;
}

/**
 * config.txt as the firmware reads it: global lines under [all], then one section per model. Paths
 * the firmware loads (kernel, initramfs, command line, device trees) get os_prefix in front, so the
 * Pi's files stay in their own folder and collide with nothing U-Boot, UEFI or syslinux reads.
 */
export function rpiConfigTxt(models: readonly RpiModel[], initramfs: boolean): string {
  const files = rpiCmdlineFiles(models);
  const lines = [
    `# Sourcery Flasher: ${rpiLabel(models)} boot the arm64 kernel in /${rpiFolder}.`,
    '[all]',
    'arm_64bit=1',
    `os_prefix=${rpiFolder}/`,
    // The device trees come from Debian's kernel, under upstream Linux names (bcm2837-rpi-3-b.dtb):
    // this makes the firmware look for those names, each board its own.
    'upstream_kernel=1',
    `kernel=${rpiKernelName}`,
  ];
  // The initramfs command takes no "="; followkernel loads it right after the kernel.
  if (initramfs) lines.push(`initramfs ${rpiInitrdName} followkernel`);
  // Fixes the core clock the mini UART (the Pi 3's and 4's header serial port) is timed from.
  lines.push('enable_uart=1');
  for (const model of models) {
    const info = rpiModelInfo[model];
    lines.push(`[${info.section}]`);
    const [start, fixup] = [
      info.firmware.find((f) => f.endsWith('.elf')),
      info.firmware.find((f) => f.endsWith('.dat')),
    ];
    if (start && fixup) lines.push(`start_file=${start}`, `fixup_file=${fixup}`);
    // The Pi 5 refuses an image it does not recognise as an OS without this.
    if (model === '5') lines.push('os_check=0');
    const cmdline = files.find((f) => f.models.includes(model));
    if (cmdline && cmdline.name !== 'cmdline.txt') lines.push(`cmdline=${cmdline.name}`);
  }
  lines.push('[all]');
  return `${lines.join('\n')}\n`;
}
