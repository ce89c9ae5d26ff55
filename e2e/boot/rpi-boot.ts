// Reads a stick's config.txt the way the Raspberry Pi firmware does, and boots exactly the files it names
// in QEMU's raspi3b (which has no firmware of its own: QEMU loads kernel, device tree and initramfs).

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { piBootFromConfig } from '../../core/boot/testing/rpi-config-reader';

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
