// The drive rule against disks a careless or hostile caller names: internal disks, disks mounted on
// purpose, a look-alike stick, a loop device nobody asked for.

import { describe, expect, it } from 'vitest';
import type { DriveDTO } from '../../contract/dto';
import { whyNotFlashed } from '../workshop/admit-drive';
import { checkTarget, refuseDrive } from './check-target';
import { classifyDrives } from './classify';
import { fromLsblk, type LsblkNode } from './lsblk';
import { reResolve } from './resolve';

const disk = (name: string, extra: Partial<LsblkNode>, children: LsblkNode[] = []): LsblkNode => ({
  name,
  type: 'disk',
  size: 500e9,
  ro: false,
  rm: false,
  hotplug: false,
  tran: 'sata',
  subsystems: 'block:scsi:pci',
  vendor: 'ATA',
  model: 'Data Disk',
  serial: `S-${name}`,
  wwn: null,
  mountpoints: [null],
  ...extra,
  children,
});
const part = (name: string, mountpoints: Array<string | null>): LsblkNode => ({
  name,
  type: 'part',
  size: 1e9,
  ro: false,
  rm: false,
  mountpoints,
});
const usb = { rm: true, hotplug: true, tran: 'usb', subsystems: 'block:scsi:usb:pci', size: 32e9 };

/** A server as `lsblk --json` prints it: system NVMe, two data disks, sticks in odd places, eMMC. */
const server = {
  blockdevices: [
    disk('/dev/nvme0n1', { tran: 'nvme', wwn: 'eui.0025388b91b2c1a4' }, [part('/dev/nvme0n1p1', ['/'])]),
    disk('/dev/sdb', { size: 2e12, model: 'Backup 2TB' }),
    disk('/dev/sdc', {}, [part('/dev/sdc1', ['/srv'])]),
    disk('/dev/sdd', { ...usb, model: 'Stick at /srv' }, [part('/dev/sdd1', ['/srv/stick'])]),
    disk('/dev/sde', { ...usb, model: 'Stick' }, [part('/dev/sde1', ['/media/ana/STICK'])]),
    disk('/dev/mmcblk0', { tran: null, subsystems: 'block:mmc:mmc_host:platform', size: 64e9 }),
    disk('/dev/loop7', { type: 'loop', tran: null, size: 4e9, serial: null }),
  ],
};
const drives = new Map(
  classifyDrives({ drives: fromLsblk(server), facts: { mounts: [], swaps: [] } }).map((d) => [d.device, d]),
);
const get = (device: string): DriveDTO => {
  const drive = drives.get(device);
  if (!drive) throw new Error(`${device} missing from the sample`);
  return drive;
};
const codes = (device: string, consent = {}) =>
  checkTarget(get(device), 1e9, consent).problems.map((p) => p.code);

describe('F8: fixed disks, disks mounted on purpose and look-alikes are refused', () => {
  it('refuses an unmounted internal disk (a backup disk, a dual-boot disk) unless asked for by name', () => {
    expect(codes('/dev/sdb')).toEqual(['E_DRIVE_NOT_STICK']);
    expect(checkTarget(get('/dev/sdb'), 1e9).problems[0]?.hint).toContain('--fixed-disk /dev/sdb');
    expect(codes('/dev/sdb', { fixedDisk: true })).toEqual([]);
    // Asked for, it is still over 128 GB: that needs its own confirmation.
    expect(refuseDrive(get('/dev/sdb'), 1e9, { fixedDisk: true })?.code).toBe('E_DRIVE_UNCONFIRMED');
    expect(refuseDrive(get('/dev/sdb'), 1e9, { fixedDisk: true, large: true })).toBeUndefined();
  });

  it('treats eMMC on the board as a fixed disk', () => {
    expect(codes('/dev/mmcblk0')).toEqual(['E_DRIVE_NOT_STICK']);
  });

  it('refuses a disk mounted at /srv, listing the mount point, even when asked for by name', () => {
    const refusal = checkTarget(get('/dev/sdc'), 1e9, { fixedDisk: true }).problems[0];
    expect(refusal?.code).toBe('E_DRIVE_BUSY');
    expect(refusal?.detail).toContain('/srv');
    expect(refusal?.hint).toContain('umount /srv');
  });

  it('refuses a stick mounted outside /media and /run/media, and takes one the desktop mounted', () => {
    expect(codes('/dev/sdd')).toEqual(['E_DRIVE_BUSY']);
    expect(codes('/dev/sde')).toEqual([]);
  });

  it('refuses the system disk whatever is asked', () => {
    expect(codes('/dev/nvme0n1', { fixedDisk: true, includeLoop: true })).toContain('E_DRIVE_SYSTEM');
  });

  it('leaves fixed and purposely mounted disks alone when plugged in during a workshop', () => {
    const range = { min: 1e9, max: 4e12 };
    expect(whyNotFlashed(get('/dev/sdb'), range, true)).toBe('not a removable drive');
    expect(whyNotFlashed(get('/dev/sdd'), range, true)).toContain('/srv/stick');
    expect(whyNotFlashed(get('/dev/sde'), range, true)).toBeUndefined();
  });

  it('re-checks the WWN or serial before writing: a look-alike stick in the same port is not written', () => {
    const chosen = get('/dev/sde');
    expect(chosen.hardwareId).toBe('serial:S-/dev/sde');
    const swapped = { ...chosen, hardwareId: 'serial:OTHER' };
    const again = reResolve(chosen, [swapped]);
    expect(again.ok ? '' : again.error.code).toBe('E_DRIVE_CHANGED');
    expect(reResolve(chosen, [chosen]).ok).toBe(true);
    expect(get('/dev/nvme0n1').hardwareId).toBe('wwn:eui.0025388b91b2c1a4');
  });
});

describe('L8 (includeLoop): loop devices only when asked for', () => {
  it('refuses a loop device unless loop devices were asked for', () => {
    expect(codes('/dev/loop7')).toEqual(['E_DRIVE_NOT_STICK']);
    expect(codes('/dev/loop7', { includeLoop: true })).toEqual([]);
  });
});
