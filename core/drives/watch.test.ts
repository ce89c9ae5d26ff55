// The drive watcher turns successive lists into attach, detach and change events.

import { expect, it } from 'vitest';
import type { DriveDTO } from '../../contract/dto';
import { reResolve } from './resolve';
import { diffDrives, watchDrives, type DriveChanges } from './watch';

const drive = (device: string, size = 8e9, description = 'SanDisk Cruzer'): DriveDTO => ({
  device,
  description,
  size,
  removable: true,
  readOnly: false,
  system: false,
  systemReasons: [],
  mountpoints: [],
  kind: 'usb',
});

it('reports a stick plugged in, one pulled out and one whose mounts changed', () => {
  const mounted = { ...drive('/dev/sdc'), mountpoints: ['/media/x'] };
  const changes = diffDrives([drive('/dev/sdb'), drive('/dev/sdc')], [mounted, drive('/dev/sdd')]);
  expect(changes.attached.map((d) => d.device)).toEqual(['/dev/sdd']);
  expect(changes.detached.map((d) => d.device)).toEqual(['/dev/sdb']);
  expect(changes.changed.map((d) => d.device)).toEqual(['/dev/sdc']);
});

it('polls until aborted, speaking only when something changed', async () => {
  const lists = [[drive('/dev/sdb')], [drive('/dev/sdb')], [drive('/dev/sdb'), drive('/dev/sdc')], []];
  const seen: DriveChanges[] = [];
  const controller = new AbortController();
  let polls = 0;
  await watchDrives({
    interval: 1,
    signal: controller.signal,
    list: async () => {
      const list = lists[polls] ?? [];
      polls += 1;
      if (polls === lists.length) controller.abort();
      return list;
    },
    onChange: (c) => seen.push(c),
  });
  expect(seen.map((c) => [c.attached.length, c.detached.length])).toEqual([
    [1, 0],
    [1, 0],
    [0, 2],
  ]);
});

it('refuses a drive that changed or left since it was chosen', () => {
  const chosen = drive('/dev/sdb');
  expect(reResolve(chosen, [drive('/dev/sdb')]).ok).toBe(true);
  const swapped = reResolve(chosen, [drive('/dev/sdb', 16e9, 'Kingston DT')]);
  expect(swapped.ok ? '' : swapped.error.code).toBe('E_DRIVE_CHANGED');
  expect(swapped.ok ? '' : swapped.error.detail).toContain('Nothing was written');
  const gone = reResolve(chosen, []);
  expect(gone.ok ? '' : gone.error.code).toBe('E_DRIVE_GONE');
});
