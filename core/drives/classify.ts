// Our system-drive rule and drive kinds: a pure function of the listed drives, mounts and swaps.

import type { DriveDTO } from '../../contract/dto';
import type { RawDrive, RawVolume } from './raw-drive';
import type { Mount, SystemFacts } from './system-facts';

/** A drive with any volume mounted at one of these runs this computer. */
export const systemMountPoints = ['/', '/boot', '/boot/efi', '/usr', '/var', '/home'];

export interface ClassifyInput {
  drives: RawDrive[];
  facts: SystemFacts;
  /** Absolute paths of the files being written (the root, kernels): their drive is never a target. */
  heldPaths?: string[];
}

/** The mount a path lives on: the one with the longest mount point that prefixes it. */
export function mountOf(path: string, mounts: Mount[]): Mount | undefined {
  const inside = (m: Mount): boolean =>
    m.mountPoint === '/' || path === m.mountPoint || path.startsWith(`${m.mountPoint}/`);
  return mounts.filter(inside).sort((a, b) => b.mountPoint.length - a.mountPoint.length)[0];
}

const sameVolume = (volume: RawVolume, mount: Mount): boolean =>
  (volume.majMin !== undefined && volume.majMin === mount.majMin) || volume.device === mount.source;

function kindOf(drive: RawDrive): DriveDTO['kind'] {
  const name = drive.device.replace('/dev/', '');
  if (drive.type === 'loop') return 'loop';
  if (/^(zram|ram|nbd|dm-)/.test(name)) return 'virtual';
  const buses = `${drive.transport ?? ''}:${drive.subsystems}`;
  if (/^mmcblk/.test(name) || /(^|:)mmc/.test(buses)) return 'card';
  if (/(^|:)usb/.test(buses)) return /\b(SD|MMC|card|reader)/i.test(drive.description) ? 'card' : 'usb';
  return 'disk';
}

function systemReasons(drive: RawDrive, input: ClassifyInput): string[] {
  const reasons: string[] = [];
  const { mounts, swaps } = input.facts;
  for (const volume of drive.volumes) {
    const points = new Set([
      ...volume.mountpoints,
      ...mounts.filter((m) => sameVolume(volume, m)).map((m) => m.mountPoint),
    ]);
    for (const point of points) {
      if (systemMountPoints.includes(point)) reasons.push(`${volume.device} is mounted at ${point}`);
      if (point === '[SWAP]') reasons.push(`${volume.device} is used as swap`);
    }
    if (swaps.includes(volume.device) && !points.has('[SWAP]'))
      reasons.push(`${volume.device} is used as swap`);
  }
  for (const path of input.heldPaths ?? []) {
    const mount = mountOf(path, mounts);
    const holder = mount && drive.volumes.find((v) => sameVolume(v, mount));
    if (holder) reasons.push(`it holds ${path}, which is being written`);
  }
  if (drive.listerSaysSystem && reasons.length === 0)
    reasons.push('the operating system marks it as a system drive');
  return [...new Set(reasons)];
}

/** Every non-empty drive, with kind, mount points and why it is a system drive (if it is). */
export function classifyDrives(input: ClassifyInput): DriveDTO[] {
  return input.drives
    .filter((drive) => drive.size > 0)
    .map((drive) => {
      const reasons = systemReasons(drive, input);
      const mountpoints = drive.volumes.flatMap((v) => [
        ...v.mountpoints,
        ...input.facts.mounts.filter((m) => sameVolume(v, m)).map((m) => m.mountPoint),
      ]);
      const dto: DriveDTO = {
        device: drive.device,
        description: drive.description,
        size: drive.size,
        removable: drive.removable || drive.hotplug,
        readOnly: drive.readOnly,
        system: reasons.length > 0,
        systemReasons: reasons,
        mountpoints: [...new Set(mountpoints)].filter((m) => m !== '[SWAP]'),
        kind: kindOf(drive),
      };
      if (drive.hardwareId) dto.hardwareId = drive.hardwareId;
      return dto;
    });
}
