// Windows: takes every volume of a disk off it with diskpart, so the disk itself can be written.

import { win32 } from 'node:path';
import { execa } from 'execa';
import { appError, fail, ok, type Result } from '../../contract/errors';
import { windowsDrivePattern } from '../io/platform-io';

/*
 * Windows refuses writes to a disk's sectors while a mounted volume covers them. Locking and
 * dismounting each volume needs DeviceIoControl, which Node cannot call; diskpart's `clean` removes
 * the partition table instead, and with it the volumes, from a tool every Windows has. It runs in
 * the elevated writer, after the drive was re-resolved and checked, right before the exclusive
 * open: the stick is about to be overwritten anyway. diskpart sometimes fails while Windows is
 * still looking at a freshly plugged disk, so it is tried a few times.
 *
 * The script goes to diskpart on its stdin, never through a file: a script in %TEMP% could be
 * rewritten by any program of the same user (to `select disk 0`) between our write and diskpart's
 * read, and the elevated diskpart would clean the system disk (F10). diskpart itself is named by its
 * full path under the system folder, not looked up in a PATH the user controls. diskpart has no
 * conditionals, so the disk's identity cannot be checked again inside the script; the number comes
 * from the re-resolution just before, and Windows, not the user, assigns disk numbers.
 */

/** The disk number of `\\.\PhysicalDriveN`, or undefined for anything else. */
export function windowsDiskNumber(device: string): number | undefined {
  const match = windowsDrivePattern.exec(device);
  return match ? Number(match[1]) : undefined;
}

/** The diskpart script that empties disk `disk` of partitions (and so of volumes). */
export const cleanScript = (disk: number): string => `select disk ${disk}\r\nclean\r\n`;

const pauses = [0, 1000, 2000, 4000];

/** How diskpart is run for `disk`: its full path, no arguments, the script as stdin. */
export function diskpartInvocation(
  disk: number,
  systemRoot = process.env.SystemRoot ?? 'C:\\Windows',
): { file: string; args: string[]; input: string } {
  return { file: win32.join(systemRoot, 'System32', 'diskpart.exe'), args: [], input: cleanScript(disk) };
}

/** Runs diskpart with the clean script for `device` on its stdin; fails with diskpart's own words. */
export async function cleanDisk(device: string): Promise<Result<void>> {
  const disk = windowsDiskNumber(device);
  if (disk === undefined)
    return fail(appError('E_IO', `${device} is not a Windows disk path like \\\\.\\PhysicalDrive1.`));
  const { file, args, input } = diskpartInvocation(disk);
  let output = '';
  for (const pause of pauses) {
    await new Promise((resolve) => setTimeout(resolve, pause));
    const result = await execa(file, args, { input, reject: false });
    if (!result.failed) return ok(undefined);
    output = `${String(result.stdout)}\n${String(result.stderr)}`.trim();
  }
  return fail(
    appError('E_DRIVE_BUSY', `Windows could not take the volumes off ${device}; nothing was written.`, {
      cause: output,
      hint: 'Close programs that use the stick (Explorer windows too), then try again.',
    }),
  );
}
