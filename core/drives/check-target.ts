// Whether a listed drive may take a plan: never a system drive, never read-only, big enough.

import type { DriveDTO } from '../../contract/dto';
import { appError, type AppError } from '../../contract/errors';

/** Drives above this many bytes are more likely a backup disk than a stick: they need a confirmation. */
export const largeDriveBytes = 128e9;

export const formatBytes = (bytes: number): string => {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
};

export interface TargetCheck {
  /** Reasons it cannot be written at all; empty when it can. */
  problems: AppError[];
  /** True when the user must confirm (a drive over 128 GB). */
  needsConfirmation: boolean;
}

export function checkTarget(drive: DriveDTO, neededBytes: number): TargetCheck {
  const problems: AppError[] = [];
  const name = `${drive.device} (${drive.description}, ${formatBytes(drive.size)})`;
  if (drive.system)
    problems.push(
      appError('E_DRIVE_SYSTEM', `${name} is a system drive: ${drive.systemReasons.join('; ')}.`),
    );
  if (drive.readOnly) problems.push(appError('E_DRIVE_READ_ONLY', `${name} is read-only.`));
  if (drive.size < neededBytes)
    problems.push(
      appError('E_DRIVE_TOO_SMALL', `${name} is too small: this stick needs ${formatBytes(neededBytes)}.`, {
        hint: `Use a drive of at least ${formatBytes(neededBytes)}.`,
      }),
    );
  return { problems, needsConfirmation: drive.size > largeDriveBytes };
}
