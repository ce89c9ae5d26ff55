// Which inserted drives a workshop flashes: removable (or a loop device when asked), in the size range.

import type { DriveDTO } from '../../contract/dto';
import { formatBytes } from '../drives/check-target';

export interface SizeRange {
  /** The plan's size: smaller sticks cannot hold it. */
  min: number;
  /** Larger drives are more likely disks than sticks. */
  max: number;
}

/** Undefined when the drive is flashed; otherwise why it is left alone, for the log. */
export function whyNotFlashed(drive: DriveDTO, range: SizeRange, includeLoop: boolean): string | undefined {
  if (drive.system) return `a system drive (${drive.systemReasons.join('; ')})`;
  if (drive.kind === 'loop' ? !includeLoop : !drive.removable) return 'not a removable drive';
  if (drive.readOnly) return 'read-only (check the lock switch)';
  if (drive.size < range.min) return `too small: ${formatBytes(drive.size)}, needs ${formatBytes(range.min)}`;
  if (drive.size > range.max)
    return `larger than --max-size ${formatBytes(range.max)}: ${formatBytes(drive.size)}`;
  return undefined;
}
