// Reads a stick's config.txt the way the Raspberry Pi firmware does, and boots exactly the files it names
// in QEMU's raspi3b (which has no firmware of its own: QEMU loads kernel, device tree and initramfs).

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const partition = (image: string) => `${image}@@1048576`;

const readStickFile = (image: string, path: string): string =>
  execFileSync('mtype', ['-i', partition(image), `::${path}`], { encoding: 'utf8' });

export const stickHas = (image: string, path: string): boolean => {
  try {
    execFileSync('mdir', ['-b', '-i', partition(image), `::${path}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

export interface PiBoot {
  /** Stick paths, os_prefix applied. */
  kernel: string;
  initramfs?: string;
  deviceTree: string;
  cmdlineFile: string;
  /** Files at the partition root that the board's loaders read before config.txt matters. */
  firmware: string[];
  settings: Map<string, string>;
}

/** Default device tree names per board, as the firmware picks them (upstream_kernel=1: Linux's names). */
const defaultTree: Record<string, { upstream: string; downstream: string }> = {
  pi3: { upstream: 'bcm2837-rpi-3-b.dtb', downstream: 'bcm2710-rpi-3-b.dtb' },
};

/**
 * The settings that apply to `board` (a Pi 3 Model B here: [pi3] and [all] sections apply, other
 * [piN] sections do not), resolved to stick paths as the firmware would load them.
 */
export function piBootFromConfig(configTxt: string, board: 'pi3'): PiBoot {
  const settings = new Map<string, string>();
  let active = true;
  for (const raw of configTxt.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const section = /^\[(.+)\]$/.exec(line)?.[1];
    if (section) {
      active = section === 'all' || section === board;
      continue;
    }
    if (!active) continue;
    const initramfs = /^initramfs\s+(\S+)/.exec(line);
    if (initramfs?.[1]) settings.set('initramfs', initramfs[1]);
    const pair = /^([a-z_0-9]+)=(.*)$/.exec(line);
    if (pair?.[1]) settings.set(pair[1], pair[2] ?? '');
  }
  const prefix = settings.get('os_prefix') ?? '';
  const at = (name: string) => `/${prefix}${name}`;
  const names = defaultTree[board];
  if (!names) throw new Error(`no default device tree known for ${board}`);
  const tree =
    settings.get('device_tree') ??
    (settings.get('upstream_kernel') === '1' ? names.upstream : names.downstream);
  const initramfs = settings.get('initramfs');
  return {
    kernel: at(settings.get('kernel') ?? (settings.get('arm_64bit') === '1' ? 'kernel8.img' : 'kernel7.img')),
    ...(initramfs ? { initramfs: at(initramfs) } : {}),
    deviceTree: at(tree),
    cmdlineFile: at(settings.get('cmdline') ?? 'cmdline.txt'),
    firmware: [
      'bootcode.bin',
      settings.get('start_file') ?? 'start.elf',
      settings.get('fixup_file') ?? 'fixup.dat',
    ],
    settings,
  };
}

/**
 * The QEMU line for a Pi 3 Model B booting what the stick's config.txt names, with the stick as its SD
 * card. The serial port follows the command line: QEMU's first serial is the PL011 (ttyAMA0 under the
 * upstream device tree's aliases), its second the mini UART (ttyS1), which is the header's port.
 */
export function raspi3bCommand(image: string, log: string, scratch: string): string[] {
  const boot = piBootFromConfig(readStickFile(image, '/config.txt'), 'pi3');
  if (boot.settings.get('arm_64bit') !== '1') throw new Error('config.txt does not ask for a 64-bit kernel');
  for (const file of boot.firmware)
    if (!stickHas(image, `/${file}`))
      throw new Error(`the Pi 3's firmware file /${file} is not on the stick`);
  const copy = (path: string) => {
    const out = join(scratch, path.replace(/\//g, '_'));
    execFileSync('mcopy', ['-n', '-o', '-i', partition(image), `::${path}`, out]);
    return out;
  };
  const cmdline = readStickFile(image, boot.cmdlineFile).split('\n')[0] ?? '';
  const serials = /console=ttyAMA0/.test(cmdline)
    ? ['-serial', `file:${log}`, '-serial', 'null']
    : ['-serial', 'null', '-serial', `file:${log}`];
  return [
    'qemu-system-aarch64',
    ...['-M', 'raspi3b'],
    // One host thread for the four cores: the three waiting in the spin table would otherwise busy
    // both host cores and the boot takes 30 s instead of 6.
    ...['-accel', 'tcg,thread=single'],
    ...['-display', 'none', '-monitor', 'none', '-no-reboot'],
    ...serials,
    ...['-kernel', copy(boot.kernel), '-dtb', copy(boot.deviceTree)],
    ...(boot.initramfs ? ['-initrd', copy(boot.initramfs)] : []),
    ...['-append', cmdline],
    // QEMU accepts only SD card images whose size is a power of two: the stick is composed so.
    ...['-drive', `if=sd,format=raw,file=${image},snapshot=on`],
  ];
}
