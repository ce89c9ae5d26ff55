// Everything a workshop settles before watching: the one image, the size range, the drives named.

import type { DriveDTO } from '../../contract/dto';
import { appError, fail, ok, type Result } from '../../contract/errors';
import type { BootRequest } from '../boot/prepare';
import { refuseDrive } from '../drives/check-target';
import { listDrives } from '../drives/list';
import type { SizeRange } from './admit-drive';
import { composeOnce, type WorkshopImage } from './compose-once';

/** Drives larger than this are rarely sticks; --max-size changes it. */
export const defaultMaxSize = 64 * 2 ** 30;

export interface WorkshopRequest {
  tree: string;
  boot?: BootRequest;
  size?: number;
  minSize?: number;
  maxSize?: number;
  includeLoop?: boolean;
  /** Drives present at the start that the user chose by name. */
  drives?: string[];
  /** Chosen drives over 128 GB the user confirmed (--large). */
  confirmedLarge?: string[];
  /** Chosen fixed disks the user asked for by name (--fixed-disk). */
  fixedDisks?: string[];
  signal?: AbortSignal;
}

export interface PreparedWorkshop {
  image: WorkshopImage;
  range: SizeRange;
  chosen: DriveDTO[];
}

export async function prepareWorkshop(request: WorkshopRequest): Promise<Result<PreparedWorkshop>> {
  const maxSize = request.maxSize ?? defaultMaxSize;
  if (request.minSize !== undefined && request.minSize > maxSize)
    return fail(
      appError('E_BAD_REQUEST', 'The smallest stick size is larger than the largest.', {
        hint: 'Give a --min-size no larger than --max-size.',
      }),
    );
  const image = await composeOnce(request);
  if (!image.ok) return image;
  const range = { min: Math.max(image.value.plan.size, request.minSize ?? 0), max: maxSize };
  const chosen: DriveDTO[] = [];
  if (request.drives?.length) {
    const listed = await listDrives({ includeLoop: true, heldPaths: image.value.heldPaths });
    for (const path of request.drives) {
      const drive = listed.find((d) => d.device === path);
      if (!drive)
        return fail(
          appError('E_DRIVE_GONE', `${path} is not a drive this machine lists.`, {
            hint: 'See `sourcery-flash drives` for the drives there are.',
          }),
        );
      // Named drives skip the size range, not the drive rule: the same one `flash` applies.
      const refused = refuseDrive(drive, image.value.plan.size, {
        includeLoop: request.includeLoop ?? false,
        fixedDisk: request.fixedDisks?.includes(path) ?? false,
        large: request.confirmedLarge?.includes(path) ?? false,
      });
      if (refused) return fail(refused);
      chosen.push(drive);
    }
  }
  return ok({ image: image.value, range, chosen });
}
