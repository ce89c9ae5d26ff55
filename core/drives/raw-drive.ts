// The facts about one whole disk that classification needs, whichever lister produced them.

export interface RawVolume {
  /** /dev/sdb1, /dev/mapper/vg-root... */
  device: string;
  /** "8:17", when the lister knows it. */
  majMin?: string;
  mountpoints: string[];
}

export interface RawDrive {
  device: string;
  majMin?: string;
  size: number;
  description: string;
  /** lsblk TYPE: disk, loop, rom... */
  type: string;
  /** Bus: usb, nvme, sata, mmc, or null. */
  transport: string | null;
  removable: boolean;
  hotplug: boolean;
  readOnly: boolean;
  /** lsblk SUBSYSTEMS ("block:scsi:usb:pci"), or "" when unknown. */
  subsystems: string;
  /** The disk itself (when it holds a file system directly) and every partition, LVM or crypt volume on it. */
  volumes: RawVolume[];
  /** `wwn:...` or `serial:...`, when the lister gives one: what identifies the hardware itself. */
  hardwareId?: string;
  /** The lister's own verdict (drivelist's isSystem), if it has one; our rules only add to it. */
  listerSaysSystem?: boolean;
}
