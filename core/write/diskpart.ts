// Windows: takes every volume of a disk off it with diskpart, so the disk itself can be written.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { appError, fail, ok, type Result } from '../../contract/errors';
import { windowsDrivePattern } from './platform-io';

/*
 * Windows refuses writes to a disk's sectors while a mounted volume covers them. Locking and
 * dismounting each volume needs DeviceIoControl, which Node cannot call; diskpart's `clean` removes
 * the partition table instead, and with it the volumes, from a tool every Windows has. It runs in
 * the elevated writer, after the drive was re-resolved and checked, right before the exclusive
 * open: the stick is about to be overwritten anyway. diskpart sometimes fails while Windows is
 * still looking at a freshly plugged disk, so it is tried a few times.
 */

/** The disk number of `\\.\PhysicalDriveN`, or undefined for anything else. */
export function windowsDiskNumber(device: string): number | undefined {
  const match = windowsDrivePattern.exec(device);
  return match ? Number(match[1]) : undefined;
}

/** The diskpart script that empties disk `disk` of partitions (and so of volumes). */
export const cleanScript = (disk: number): string => `select disk ${disk}\r\nclean\r\n`;

const pauses = [0, 1000, 2000, 4000];

/** Runs `diskpart /s` with the clean script for `device`; fails with diskpart's own words. */
export async function cleanDisk(device: string): Promise<Result<void>> {
  const disk = windowsDiskNumber(device);
  if (disk === undefined)
    return fail(appError('E_IO', `${device} is not a Windows disk path like \\\\.\\PhysicalDrive1.`));
  const dir = await mkdtemp(join(tmpdir(), 'sourcery-diskpart-'));
  const script = join(dir, 'clean.txt');
  try {
    await writeFile(script, cleanScript(disk));
    let output = '';
    for (const pause of pauses) {
      await new Promise((resolve) => setTimeout(resolve, pause));
      const result = await execa('diskpart', ['/s', script], { reject: false });
      if (!result.failed) return ok(undefined);
      output = `${String(result.stdout)}\n${String(result.stderr)}`.trim();
    }
    return fail(
      appError('E_DRIVE_BUSY', `Windows could not take the volumes off ${device}; nothing was written.`, {
        cause: output,
        hint: 'Close programs that use the stick (Explorer windows too), then try again.',
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
