// The one drive-safety rule: whether a listed drive may be erased, and what the user must say first.

import { isFixedDisk, type DriveDTO } from '../../contract/dto';
import { appError, type AppError } from '../../contract/errors';
import { formatBytes } from '../../contract/units';

/** Drives above this many bytes are more likely a backup disk than a stick: they need a confirmation. */
export const largeDriveBytes = 128e9;

/**
 * Where desktops mount removable media by themselves (udisks on Linux, macOS): a stick's volumes
 * there are unmounted before writing. A volume mounted anywhere else was mounted on purpose, so the
 * drive is refused with its mount points listed. `/mnt` is not among them: an administrator mounts
 * data disks there as often as sticks.
 */
export const removableMediaPlaces = ['/media/', '/run/media/', '/Volumes/'];
/** Windows gives every volume of a stick a letter (E:\); that is where its removable media go. */
const driveLetter = /^[A-Za-z]:\\?$/;

/** What the user said about a drive, beyond choosing it. */
export interface DriveConsent {
  /** Loop devices were asked for (--include-loop; "Show loop devices" in the app). */
  includeLoop?: boolean;
  /** The user asked for this fixed disk by name (--fixed-disk; the app's checkbox and typed name). */
  fixedDisk?: boolean;
  /** The user confirmed a drive over 128 GB (the typed name, or --large with --yes). */
  large?: boolean;
}

/**
 * Mount points that stop a write: on a removable drive (or loop device) those outside the places a
 * desktop mounts media by itself; on a fixed disk every one, since nothing mounts those by accident.
 */
export function mountsInTheWay(drive: Pick<DriveDTO, 'mountpoints' | 'removable' | 'kind'>): string[] {
  if (isFixedDisk(drive)) return drive.mountpoints;
  return drive.mountpoints.filter(
    (m) => !driveLetter.test(m) && !removableMediaPlaces.some((place) => m.startsWith(place)),
  );
}

export interface TargetCheck {
  /** Reasons it cannot be written at all; empty when it can. */
  problems: AppError[];
  /** True when the user must confirm (a drive over 128 GB). */
  needsConfirmation: boolean;
}

export const describeDrive = (drive: DriveDTO): string =>
  `${drive.device} (${drive.description}, ${formatBytes(drive.size)})`;

/** Everything that keeps `drive` from taking a stick of `neededBytes`, whatever is confirmed later. */
export function checkTarget(drive: DriveDTO, neededBytes: number, consent: DriveConsent = {}): TargetCheck {
  const problems: AppError[] = [];
  const name = describeDrive(drive);
  if (drive.system)
    problems.push(
      appError('E_DRIVE_SYSTEM', `${name} is a system drive: ${drive.systemReasons.join('; ')}.`),
    );
  if (drive.kind === 'loop' && !consent.includeLoop)
    problems.push(
      appError('E_DRIVE_NOT_STICK', `${name} is a loop device, and loop devices were not asked for.`, {
        hint: 'Pass --include-loop (in the app: tick "Show loop devices") if you mean to write it.',
      }),
    );
  if (isFixedDisk(drive) && !consent.fixedDisk)
    problems.push(
      appError(
        'E_DRIVE_NOT_STICK',
        `${name} is a fixed disk (neither removable nor hot-pluggable): it may hold this computer's data.`,
        {
          hint: `Choose a USB stick or card instead. If you really mean to erase this disk, pass --fixed-disk ${drive.device} (in the app: tick "Show fixed disks" and type its name).`,
        },
      ),
    );
  const mounted = drive.system ? [] : mountsInTheWay(drive);
  if (mounted.length > 0)
    problems.push(
      appError(
        'E_DRIVE_BUSY',
        `${name} has volumes mounted at ${mounted.join(', ')}; Sourcery Flasher unmounts only a stick's volumes that the desktop mounted under ${removableMediaPlaces.slice(0, 2).join(' or ')}, never others. Nothing was written.`,
        {
          hint: `If you mean to erase this drive, unmount them first (sudo umount ${mounted.map(shellWord).join(' ')}), then try again.`,
        },
      ),
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

/** The first reason `drive` may not be written now, counting the large-drive confirmation; undefined when it may. */
export function refuseDrive(
  drive: DriveDTO,
  neededBytes: number,
  consent: DriveConsent,
): AppError | undefined {
  const check = checkTarget(drive, neededBytes, consent);
  if (check.problems[0]) return check.problems[0];
  if (check.needsConfirmation && !consent.large)
    return appError(
      'E_DRIVE_UNCONFIRMED',
      `${drive.device} holds ${Math.round(drive.size / 1e9)} GB; confirm that you mean it.`,
      {
        hint: `Drives over 128 GB are rarely sticks. If you mean it, type its name when asked, or pass --large with --yes.`,
      },
    );
  return undefined;
}

const shellWord = (word: string): string =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
