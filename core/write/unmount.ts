// Unmounts every volume of a target before it is opened exclusively (Linux, macOS, Windows).

import { execa } from 'execa';
import { appError, fail, ok, type Result } from '../../contract/errors';
import { readLsblk } from '../drives/lsblk';
import { readSystemFacts } from '../drives/system-facts';
import { cleanDisk } from './diskpart';

/** Mount points on `device` (any partition, LVM or crypt volume on it), deepest first. */
export async function mountPointsOn(device: string): Promise<string[]> {
  const [drives, facts] = await Promise.all([readLsblk(), readSystemFacts()]);
  const drive = drives.find((d) => d.device === device);
  if (!drive) return [];
  const points = drive.volumes.flatMap((v) => [
    ...v.mountpoints,
    ...facts.mounts
      .filter((m) => m.source === v.device || (v.majMin && m.majMin === v.majMin))
      .map((m) => m.mountPoint),
  ]);
  return [...new Set(points)].filter((p) => p.startsWith('/')).sort((a, b) => b.length - a.length);
}

/** Unmounts all of `device`; image files need nothing. Fails with what is still mounted and why. */
export async function unmountTarget(device: string, isDevice: boolean): Promise<Result<string[]>> {
  if (!isDevice) return ok([]);
  if (process.platform === 'darwin') {
    const result = await execa('diskutil', ['unmountDisk', device], { reject: false });
    return result.failed
      ? fail(appError('E_DRIVE_BUSY', `macOS could not unmount ${device}.`, { cause: String(result.stderr) }))
      : ok([device]);
  }
  if (process.platform === 'win32') {
    const cleaned = await cleanDisk(device);
    return cleaned.ok ? ok([device]) : cleaned;
  }
  const unmounted: string[] = [];
  for (const point of await mountPointsOn(device)) {
    const result = await execa('umount', [point], { reject: false });
    if (result.failed)
      return fail(
        appError('E_DRIVE_BUSY', `${point} on ${device} could not be unmounted; nothing was written.`, {
          cause: String(result.stderr),
          hint: `Close programs using files in ${point} (see \`fuser -vm ${point}\`), then try again.`,
        }),
      );
    unmounted.push(point);
  }
  return ok(unmounted);
}
