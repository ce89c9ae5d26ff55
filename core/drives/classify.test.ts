// Drive classification against lsblk output as real machines print it, and against this machine.

import { describe, expect, it } from 'vitest';
import { checkTarget } from './check-target';
import { classifyDrives } from './classify';
import { laptop, mountinfo, swaps } from './testing/laptop-sample';
import { fromLsblk, readLsblk } from './lsblk';
import { parseMountinfo, parseSwaps, readSystemFacts } from './system-facts';

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
    expect(codes('/dev/nvme0n1', 1e9)).toEqual(['E_DRIVE_SYSTEM', 'E_DRIVE_NOT_STICK']);
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
