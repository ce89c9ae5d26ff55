// Right before a target is opened: the one check every writer runs (the CLI's, the app's, the privileged one).

import type { DriveDTO } from '../../contract/dto';
import { appError, type AppError } from '../../contract/errors';
import { classifyTarget, type ClassifiedTarget } from '../io/platform-io';
import { refuseDrive } from './check-target';
import { fileIsOurImage } from './image-file';
import { reResolve } from './resolve';

/** A target as the user chose it: a listed drive (re-checked here) or an image file path. */
export interface ChosenTarget {
  device: string;
  /** Size and description as listed when chosen; a drive that differs now is not written. */
  size?: number;
  description?: string;
  /** WWN or serial as listed when chosen. */
  hardwareId?: string;
  /** The user asked for this fixed disk by name. */
  fixedDisk?: boolean;
}

export interface AdmitContext {
  /** The stick's size: a smaller drive cannot take it. */
  neededBytes: number;
  /** Files being composed: their drive is a system drive, and no image file may be among them. */
  heldPaths: string[];
  includeLoop: boolean;
  /** Devices over 128 GB the user confirmed. */
  confirmedLarge: string[];
  /** The privileged writer writes devices only. */
  devicesOnly?: boolean;
  /** A fresh drive list (loop devices included, so a refusal can say why). */
  fresh: () => Promise<DriveDTO[]>;
}

export type Admitted = { ok: true; device: boolean } | { ok: false; error: AppError };

const refuse = (error: AppError): Admitted => ({ ok: false, error });

/**
 * Why an image file may not be written at `target` (already classified), or undefined. An image
 * target is a new file, or an existing image Sourcery Flasher made: never any other file, never a
 * link, never a path under /dev (a missing device is not made into a file), never a held file.
 */
export async function imageTargetRefusal(
  target: ClassifiedTarget,
  heldPaths: string[],
): Promise<AppError | undefined> {
  const { path } = target;
  if (target.deviceArea)
    return target.kind === 'missing'
      ? appError(
          'E_DRIVE_GONE',
          `${path} is not connected; nothing was written, and no file was made in its place.`,
          {
            hint: "Plug the drive in again, then see `sourcery-flash drives` (or the app's list) for its name.",
          },
        )
      : appError(
          'E_IO',
          `${path} is not a device; only devices are written under ${path.startsWith('/') ? '/dev' : '\\\\.\\'}.`,
          {
            hint: 'Name a drive as `sourcery-flash drives` lists it, or an image file outside /dev.',
          },
        );
  const held = heldPaths.find((h) => path === h || path.startsWith(`${h}/`));
  if (held)
    return appError('E_DRIVE_SYSTEM', `${path} is inside ${held}, which is being written.`, {
      hint: 'Put the image file outside the folder and the files it is made from.',
    });
  if (target.kind === 'other')
    return appError(
      'E_IO',
      `${path} is ${target.what ?? 'not a regular file'}, not an image file or a device.`,
      {
        hint: 'Name a new image file (stick.img), an image Sourcery Flasher made, or a drive.',
      },
    );
  if (target.kind === 'file' && !(await fileIsOurImage(path)))
    return appError('E_IO', `${path} exists and is not an image Sourcery Flasher made; it was left alone.`, {
      hint: `Choose a new file name, or delete ${path} first if you no longer need it.`,
    });
  return undefined;
}

/** Checks one target: a device against a fresh list and the drive rule, an image file by the image rule. */
export async function admitTarget(target: ChosenTarget, context: AdmitContext): Promise<Admitted> {
  const classified = await classifyTarget(target.device);
  // `..` and udev links are resolved before the job is made: a path that still has them was not.
  if (classified.path !== target.device)
    return refuse(
      appError('E_BAD_REQUEST', `${target.device} is not a plain path: it stands for ${classified.path}.`, {
        hint: `Name ${classified.path} itself.`,
      }),
    );
  if (classified.kind !== 'device') {
    if (context.devicesOnly)
      return refuse(
        appError(
          'E_BAD_REQUEST',
          `${target.device} is not a device; the privileged writer writes devices only.`,
        ),
      );
    const refused = await imageTargetRefusal(classified, context.heldPaths);
    return refused ? refuse(refused) : { ok: true, device: false };
  }
  const drives = await context.fresh();
  const listed = drives.find((d) => d.device === target.device);
  if (!listed)
    return refuse(
      appError('E_DRIVE_GONE', `${target.device} is not a drive this machine lists.`, {
        hint: "See `sourcery-flash drives` (or the app's list) for the drives there are.",
      }),
    );
  const chosen = {
    device: target.device,
    size: target.size ?? listed.size,
    description: target.description ?? listed.description,
    ...(target.hardwareId !== undefined ? { hardwareId: target.hardwareId } : {}),
  };
  const resolved = reResolve(chosen, drives);
  if (!resolved.ok) return resolved;
  const refused = refuseDrive(resolved.value, context.neededBytes, {
    includeLoop: context.includeLoop,
    fixedDisk: target.fixedDisk ?? false,
    large: context.confirmedLarge.includes(target.device),
  });
  return refused ? refuse(refused) : { ok: true, device: true };
}
