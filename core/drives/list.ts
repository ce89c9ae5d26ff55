// Lists this machine's drives as DriveDTOs: lsblk on Linux, drivelist elsewhere, our rules on top.

import type { DriveDTO } from '../../contract/dto';
import { classifyDrives } from './classify';
import { readLsblk } from './lsblk';
import type { RawDrive } from './raw-drive';
import { readSystemFacts } from './system-facts';

export interface ListOptions {
  /** Loop devices are hidden unless asked for (tests, loop-backed images). */
  includeLoop: boolean;
  /** Files being written: the drive holding them counts as a system drive. */
  heldPaths?: string[];
  signal?: AbortSignal;
}

// On Linux drivelist itself runs this same lsblk and then drops loop devices, the volume tree and
// maj:min, all of which our rules need; so we read lsblk directly there and use drivelist elsewhere.
async function rawDrives(signal?: AbortSignal): Promise<RawDrive[]> {
  if (process.platform === 'linux') return readLsblk(signal);
  const drivelist = await import('drivelist');
  return (await drivelist.list()).map((d) => ({
    device: d.device,
    size: d.size ?? 0,
    description: d.description,
    type: 'disk',
    transport: d.isUSB ? 'usb' : d.isCard ? 'mmc' : null,
    removable: d.isRemovable,
    hotplug: d.isRemovable,
    readOnly: d.isReadOnly,
    subsystems: d.isVirtual ? 'virtual' : '',
    volumes: [{ device: d.device, mountpoints: d.mountpoints.map((m) => m.path) }],
    listerSaysSystem: d.isSystem,
  }));
}

export async function listDrives(options: ListOptions): Promise<DriveDTO[]> {
  const [drives, facts] = await Promise.all([rawDrives(options.signal), readSystemFacts()]);
  const classified = classifyDrives({ drives, facts, heldPaths: options.heldPaths ?? [] });
  return options.includeLoop ? classified : classified.filter((d) => d.kind !== 'loop');
}
