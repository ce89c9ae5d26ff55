// Drive classification against lsblk output as real machines print it, and against this machine.

import { describe, expect, it } from 'vitest';
import { checkTarget } from './check-target';
import { classifyDrives } from './classify';
import { fromLsblk, readLsblk, type LsblkNode } from './lsblk';
import { parseMountinfo, parseSwaps, readSystemFacts } from './system-facts';

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
const laptop = {
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

const mountinfo = `22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw
23 22 259:1 / /boot/efi rw,relatime shared:2 - vfat /dev/nvme0n1p1 rw
24 22 254:2 / /home rw,relatime shared:3 - ext4 /dev/mapper/vg-home rw
25 22 8:17 / /media/ana/STICK rw,nosuid,nodev shared:4 - vfat /dev/sdb1 rw
26 22 7:0 / /mnt/my\\040image rw,relatime shared:5 - ext4 /dev/loop0 rw
`;
const swaps = `Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority
/dev/nvme0n1p3                          partition\t16777212\t0\t\t-2
/dev/zram0                              partition\t8388604\t\t0\t\t100
`;

const byDevice = (heldPaths: string[] = []) =>
  new Map(
    classifyDrives({
      drives: fromLsblk(laptop),
      facts: { mounts: parseMountinfo(mountinfo), swaps: parseSwaps(swaps) },
      heldPaths,
    }).map((d) => [d.device, d]),
  );

describe('classifyDrives on a laptop', () => {
  const drives = byDevice();

  it('calls the disk holding /, /boot/efi and swap a system drive, with every reason', () => {
    const nvme = drives.get('/dev/nvme0n1');
    expect(nvme?.system).toBe(true);
    expect(nvme?.systemReasons).toEqual(
      expect.arrayContaining([
        '/dev/nvme0n1p2 is mounted at /',
        '/dev/nvme0n1p1 is mounted at /boot/efi',
        '/dev/nvme0n1p3 is used as swap',
      ]),
    );
    expect(nvme?.kind).toBe('disk');
  });

  it('sees /home through LUKS and LVM on the SATA disk', () => {
    expect(drives.get('/dev/sda')?.systemReasons).toEqual(['/dev/mapper/vg-home is mounted at /home']);
  });

  it('lists USB sticks and SD readers (internal and USB) as writable, not system', () => {
    expect(drives.get('/dev/sdb')).toMatchObject({
      kind: 'usb',
      system: false,
      removable: true,
      description: 'SanDisk Ultra Fit',
      mountpoints: ['/media/ana/STICK'],
    });
    expect(drives.get('/dev/sdc')).toMatchObject({ kind: 'card', system: false });
    expect(drives.get('/dev/mmcblk0')).toMatchObject({ kind: 'card', system: false });
  });

  it('drops an empty card slot and marks zram (swap) virtual and system', () => {
    expect(drives.has('/dev/sde')).toBe(false);
    expect(drives.get('/dev/zram0')).toMatchObject({ kind: 'virtual', system: true });
  });

  it('keeps loop devices with their (escaped) mount point', () => {
    expect(drives.get('/dev/loop0')).toMatchObject({
      kind: 'loop',
      system: false,
      mountpoints: ['/mnt/my image'],
    });
  });

  it('refuses the drive that holds the files being written', () => {
    const held = byDevice(['/media/ana/STICK/sourcery-root/go/VERSION']);
    expect(held.get('/dev/sdb')?.systemReasons).toEqual([
      'it holds /media/ana/STICK/sourcery-root/go/VERSION, which is being written',
    ]);
    expect(held.get('/dev/sdc')?.system).toBe(false);
  });
});

describe('checkTarget', () => {
  const drives = byDevice();
  it('says why a drive cannot be used, with the size needed', () => {
    const codes = (device: string, needed: number) =>
      checkTarget(drives.get(device)!, needed).problems.map((p) => p.code);
    expect(codes('/dev/sdb', 1e9)).toEqual([]);
    expect(codes('/dev/sdd', 1e9)).toEqual(['E_DRIVE_READ_ONLY']);
    expect(codes('/dev/nvme0n1', 1e9)).toEqual(['E_DRIVE_SYSTEM']);
    const small = checkTarget(drives.get('/dev/sdc')!, 32e9).problems[0];
    expect(small?.code).toBe('E_DRIVE_TOO_SMALL');
    expect(small?.detail).toContain('needs 32.0 GB');
  });
  it('asks to confirm drives over 128 GB', () => {
    expect(checkTarget(drives.get('/dev/sda')!, 1e9).needsConfirmation).toBe(true);
    expect(checkTarget(drives.get('/dev/sdb')!, 1e9).needsConfirmation).toBe(false);
  });
});

it('finds the disk this machine runs from in the live list', async (context) => {
  if (process.platform !== 'linux') return context.skip();
  const live = classifyDrives({ drives: await readLsblk(), facts: await readSystemFacts() });
  const root = live.filter((d) => d.systemReasons.some((r) => r.endsWith('mounted at /')));
  expect(root.length).toBeGreaterThan(0);
});
