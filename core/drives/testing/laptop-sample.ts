// Test data: lsblk --json, mountinfo and swaps as a laptop prints them, for classify.test.ts.

import type { LsblkNode } from '../lsblk';

const part = (
  name: string,
  majMin: string,
  size: number,
  mountpoints: Array<string | null>,
  extra: Partial<LsblkNode> = {},
): LsblkNode => ({
  name,
  'maj:min': majMin,
  type: 'part',
  size,
  ro: false,
  rm: false,
  hotplug: false,
  tran: null,
  subsystems: 'block',
  vendor: null,
  model: null,
  label: null,
  mountpoints,
  ...extra,
});

// A laptop: NVMe system disk (EFI, root, swap), a USB stick, an internal and a USB SD reader,
// a read-only card, a SATA disk with LUKS+LVM holding /home, a loop image and zram swap.
/** A laptop: NVMe system disk, USB stick, SD readers, a read-only stick, LUKS+LVM /home, loop, zram. */
export const laptop = {
  blockdevices: [
    {
      name: '/dev/loop0',
      'maj:min': '7:0',
      type: 'loop',
      size: 67108864,
      ro: false,
      rm: false,
      hotplug: false,
      tran: null,
      subsystems: 'block',
      vendor: null,
      model: null,
      label: null,
      mountpoints: [null],
    },
    {
      name: '/dev/sda',
      'maj:min': '8:0',
      type: 'disk',
      size: 1000204886016,
      ro: false,
      rm: false,
      hotplug: false,
      tran: 'sata',
      subsystems: 'block:scsi:pci',
      vendor: 'ATA     ',
      model: 'Samsung SSD 870 EVO 1TB',
      label: null,
      mountpoints: [null],
      children: [
        part('/dev/sda1', '8:1', 1000203837440, [null], {
          children: [
            {
              ...part('/dev/mapper/luks-home', '254:1', 1000187060224, [null]),
              type: 'crypt',
              children: [{ ...part('/dev/mapper/vg-home', '254:2', 1000000000000, ['/home']), type: 'lvm' }],
            },
          ],
        }),
      ],
    },
    {
      name: '/dev/sdb',
      'maj:min': '8:16',
      type: 'disk',
      size: 31614566400,
      ro: false,
      rm: true,
      hotplug: true,
      tran: 'usb',
      subsystems: 'block:scsi:usb:pci',
      vendor: 'SanDisk ',
      model: 'Ultra Fit',
      label: null,
      mountpoints: [null],
      children: [
        part('/dev/sdb1', '8:17', 31613517824, ['/media/ana/STICK'], {
          label: 'STICK',
          rm: true,
          hotplug: true,
        }),
      ],
    },
    {
      name: '/dev/sdc',
      'maj:min': '8:32',
      type: 'disk',
      size: 15931539456,
      ro: false,
      rm: true,
      hotplug: true,
      tran: 'usb',
      subsystems: 'block:scsi:usb:pci',
      vendor: 'Generic-',
      model: 'SD/MMC',
      label: null,
      mountpoints: [null],
      children: [
        part('/dev/sdc1', '8:33', 268435456, [null]),
        part('/dev/sdc2', '8:34', 15660000000, [null]),
      ],
    },
    {
      name: '/dev/sdd',
      'maj:min': '8:48',
      type: 'disk',
      size: 7948206080,
      ro: true,
      rm: true,
      hotplug: true,
      tran: 'usb',
      subsystems: 'block:scsi:usb:pci',
      vendor: 'Kingston',
      model: 'DataTraveler 3.0',
      label: null,
      mountpoints: [null],
    },
    {
      name: '/dev/sde',
      'maj:min': '8:64',
      type: 'disk',
      size: 0,
      ro: false,
      rm: true,
      hotplug: true,
      tran: 'usb',
      subsystems: 'block:scsi:usb:pci',
      vendor: 'Generic-',
      model: 'Micro SD/M2',
      label: null,
      mountpoints: [null],
    },
    {
      name: '/dev/mmcblk0',
      'maj:min': '179:0',
      type: 'disk',
      size: 63864569856,
      ro: false,
      rm: false,
      hotplug: false,
      tran: null,
      subsystems: 'block:mmc:mmc_host:pci',
      vendor: null,
      model: null,
      label: null,
      mountpoints: [null],
      children: [part('/dev/mmcblk0p1', '179:1', 63863521280, [null], { label: 'bootfs' })],
    },
    {
      name: '/dev/nvme0n1',
      'maj:min': '259:0',
      type: 'disk',
      size: 512110190592,
      ro: false,
      rm: false,
      hotplug: false,
      tran: 'nvme',
      subsystems: 'block:nvme:pci',
      vendor: null,
      model: 'WD PC SN740 SDDPNQD-512G-1006',
      label: null,
      mountpoints: [null],
      children: [
        part('/dev/nvme0n1p1', '259:1', 536870912, ['/boot/efi']),
        part('/dev/nvme0n1p2', '259:2', 494000000000, ['/']),
        part('/dev/nvme0n1p3', '259:3', 17179869184, ['[SWAP]']),
      ],
    },
    {
      name: '/dev/zram0',
      'maj:min': '252:0',
      type: 'disk',
      size: 8589934592,
      ro: false,
      rm: false,
      hotplug: false,
      tran: null,
      subsystems: 'block',
      vendor: null,
      model: null,
      label: null,
      mountpoints: ['[SWAP]'],
    },
  ] satisfies LsblkNode[],
};

export const mountinfo = `22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw
23 22 259:1 / /boot/efi rw,relatime shared:2 - vfat /dev/nvme0n1p1 rw
24 22 254:2 / /home rw,relatime shared:3 - ext4 /dev/mapper/vg-home rw
25 22 8:17 / /media/ana/STICK rw,nosuid,nodev shared:4 - vfat /dev/sdb1 rw
26 22 7:0 / /mnt/my\\040image rw,relatime shared:5 - ext4 /dev/loop0 rw
`;
export const swaps = `Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority
/dev/nvme0n1p3                          partition\t16777212\t0\t\t-2
/dev/zram0                              partition\t8388604\t\t0\t\t100
`;
