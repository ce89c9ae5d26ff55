// The Raspberry Pi models the rpi boot method serves: what each one's firmware reads from the stick.

import { rpiModelNames, type RpiModel } from '../../../contract';

export type { RpiModel } from '../../../contract';
export const rpiModels: readonly RpiModel[] = rpiModelNames;

export const isRpiModel = (value: string): value is RpiModel =>
  (rpiModels as readonly string[]).includes(value);

export interface RpiModelInfo {
  /** "Raspberry Pi 3", for messages. */
  label: string;
  /** config.txt's conditional section for the model family ([pi3] also covers the 3B+ and 3A+). */
  section: string;
  /**
   * Device trees of the family, by the upstream names Debian's kernel ships (config.txt asks the
   * firmware for upstream names, so each board loads its own); the first one must be there.
   */
  deviceTrees: RegExp;
  mainDeviceTree: string;
  /** Files the board's boot ROM or EEPROM loader reads from the partition root (raspi-firmware). */
  firmware: string[];
  /** The serial console on the board's header (the upstream device tree's stdout-path). */
  console: string;
}

export const rpiModelInfo: Record<RpiModel, RpiModelInfo> = {
  '3': {
    label: 'Raspberry Pi 3',
    section: 'pi3',
    deviceTrees: /^bcm2837-rpi-.*\.dtb$/,
    mainDeviceTree: 'bcm2837-rpi-3-b.dtb',
    // The boot ROM loads bootcode.bin, which loads start.elf; fixup.dat must match start.elf.
    firmware: ['bootcode.bin', 'start.elf', 'fixup.dat'],
    // serial1 in the upstream tree: the mini UART on GPIO 14/15 (the PL011 drives Bluetooth).
    console: 'ttyS1,115200',
  },
  '4': {
    label: 'Raspberry Pi 4',
    section: 'pi4',
    deviceTrees: /^bcm2711-rpi-.*\.dtb$/,
    mainDeviceTree: 'bcm2711-rpi-4-b.dtb',
    // The loader lives in EEPROM; it reads start4.elf and its matching fixup4.dat.
    firmware: ['start4.elf', 'fixup4.dat'],
    console: 'ttyS1,115200',
  },
  '5': {
    label: 'Raspberry Pi 5',
    section: 'pi5',
    deviceTrees: /^bcm2712-.*\.dtb$/,
    mainDeviceTree: 'bcm2712-rpi-5-b.dtb',
    // All of its firmware is in EEPROM.
    firmware: [],
    // The three-pin debug UART connector (serial10 in the upstream tree).
    console: 'ttyAMA10,115200',
  },
};

/** "Raspberry Pi 3 and 4", "Raspberry Pi 3, 4 and 5". */
export function rpiLabel(models: readonly RpiModel[]): string {
  const numbers = [...models];
  const last = numbers.pop();
  if (last === undefined) return 'no Raspberry Pi';
  return `Raspberry Pi ${numbers.length > 0 ? `${numbers.join(', ')} and ${last}` : last}`;
}

/** Where the Pi's own files go: config.txt's os_prefix, so nothing else on the stick is touched. */
export const rpiFolder = 'rpi';
