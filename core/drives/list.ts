// Lists drives through drivelist and turns them into the contract's DriveDTO.

import type { DriveDTO } from '../../contract';

export interface ListOptions {
  includeLoop: boolean;
}

/** Drives as drivelist sees them; the system-drive rules of core/drives refine `system`. */
export async function listDrives(_options: ListOptions): Promise<DriveDTO[]> {
  const drivelist = await import('drivelist');
  const drives = await drivelist.list();
  return drives.map((d) => ({
    device: d.device,
    description: d.description,
    size: d.size ?? 0,
    removable: d.isRemovable,
    readOnly: d.isReadOnly,
    system: d.isSystem,
    systemReasons: d.isSystem ? ['drivelist marks it as a system drive'] : [],
    mountpoints: d.mountpoints.map((m) => m.path),
    kind: d.isVirtual ? 'virtual' : d.isCard ? 'card' : d.isUSB ? 'usb' : 'disk',
  }));
}
