// Which inserted drives a workshop flashes: removable (or a loop device when asked), in the size range.

import type { DriveDTO } from '../../contract/dto';
import { formatBytes } from '../../contract/units';
import { checkTarget, mountsInTheWay } from '../drives/check-target';

export interface SizeRange {
  /** The plan's size: smaller sticks cannot hold it. */
  min: number;
  /** Larger drives are more likely disks than sticks. */
  max: number;
}

/**
 * Undefined when the drive is flashed; otherwise why it is left alone, for the log. The drive rule
 * (core/drives/check-target.ts) decides; an inserted fixed disk is never taken, whatever the flags.
 */
export function whyNotFlashed(drive: DriveDTO, range: SizeRange, includeLoop: boolean): string | undefined {
  const problem = checkTarget(drive, range.min, { includeLoop }).problems[0];
  switch (problem?.code) {
    case undefined:
      break;
    case 'E_DRIVE_SYSTEM':
      return `a system drive (${drive.systemReasons.join('; ')})`;
    case 'E_DRIVE_NOT_STICK':
      return 'not a removable drive';
    case 'E_DRIVE_BUSY':
      return `mounted at ${mountsInTheWay(drive).join(', ')}, which is never unmounted for you`;
    case 'E_DRIVE_READ_ONLY':
      return 'read-only (check the lock switch)';
    case 'E_DRIVE_TOO_SMALL':
      return `too small: ${formatBytes(drive.size)}, needs ${formatBytes(range.min)}`;
    default:
      return problem?.detail;
  }
  if (drive.size > range.max)
    return `larger than --max-size ${formatBytes(range.max)}: ${formatBytes(drive.size)}`;
  return undefined;
}
