// Reads `lsblk --json` (Linux) into RawDrives: whole disks with every volume nested on them.

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import type { RawDrive, RawVolume } from './raw-drive';

export const lsblkArgs = [
  '--bytes',
  '--json',
  '--paths',
  '--output',
  'NAME,MAJ:MIN,TYPE,SIZE,RO,RM,HOTPLUG,TRAN,SUBSYSTEMS,VENDOR,MODEL,SERIAL,WWN,LABEL,MOUNTPOINTS',
];

/** One lsblk node as util-linux 2.37+ prints it (older ones have `mountpoint` instead). */
export interface LsblkNode {
  name: string;
  'maj:min'?: string;
  type: string;
  size: number | string | null;
  ro: boolean | string;
  rm: boolean | string;
  hotplug?: boolean | string;
  tran?: string | null;
  subsystems?: string | null;
  vendor?: string | null;
  model?: string | null;
  serial?: string | null;
  wwn?: string | null;
  label?: string | null;
  mountpoints?: Array<string | null>;
  mountpoint?: string | null;
  children?: LsblkNode[];
}

const flag = (v: boolean | string | undefined): boolean => v === true || v === '1' || v === 'true';

function volumes(node: LsblkNode, into: RawVolume[]): RawVolume[] {
  const mountpoints = [...(node.mountpoints ?? []), node.mountpoint ?? null].filter(
    (m): m is string => typeof m === 'string' && m !== '',
  );
  const volume: RawVolume = { device: node.name, mountpoints };
  if (node['maj:min']) volume.majMin = node['maj:min'];
  into.push(volume);
  for (const child of node.children ?? []) volumes(child, into);
  return into;
}

function describe(node: LsblkNode): string {
  const words = [node.vendor, node.model].map((w) => w?.trim()).filter((w) => w && !/^0x[0-9a-f]+$/i.test(w));
  if (words.length > 0) return words.join(' ');
  const firstLabel = node.children?.find((c) => c.label)?.label;
  return firstLabel ?? node.name.replace('/dev/', '');
}

/** The top-level block devices of an lsblk document (partitions stay nested as volumes). */
export function fromLsblk(document: { blockdevices: LsblkNode[] }): RawDrive[] {
  return document.blockdevices
    .filter((node) => node.type === 'disk' || node.type === 'loop')
    .map((node) => {
      const drive: RawDrive = {
        device: node.name,
        size: Number(node.size ?? 0),
        description: describe(node),
        type: node.type,
        transport: node.tran ?? null,
        removable: flag(node.rm),
        hotplug: flag(node.hotplug),
        readOnly: flag(node.ro),
        subsystems: node.subsystems ?? '',
        volumes: volumes(node, []),
      };
      if (node['maj:min']) drive.majMin = node['maj:min'];
      // The WWN is unique by design; a serial only per vendor, so it is kept with the model.
      const wwn = node.wwn?.trim();
      const serial = node.serial?.trim();
      if (wwn) drive.hardwareId = `wwn:${wwn}`;
      else if (serial) drive.hardwareId = `serial:${serial}`;
      return drive;
    });
}

/**
 * An SD card in a built-in reader (mmcblkN, type "SD") is removable media, though the kernel marks
 * neither RM nor HOTPLUG for it; eMMC soldered on the board (type "MMC") is a fixed disk.
 */
async function markSdCards(drives: RawDrive[]): Promise<RawDrive[]> {
  for (const drive of drives) {
    const name = basename(drive.device);
    if (!/^mmcblk\d+$/.test(name) || drive.removable || drive.hotplug) continue;
    const type = await readFile(`/sys/block/${name}/device/type`, 'utf8').catch(() => '');
    if (type.trim() === 'SD') drive.removable = true;
  }
  return drives;
}

/** Runs lsblk on this machine. */
export async function readLsblk(signal?: AbortSignal): Promise<RawDrive[]> {
  const { stdout } = await promisify(execFile)('lsblk', lsblkArgs, {
    timeout: 5000,
    ...(signal ? { signal } : {}),
  });
  return markSdCards(fromLsblk(JSON.parse(stdout) as { blockdevices: LsblkNode[] }));
}
