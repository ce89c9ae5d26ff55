// Right before opening: the chosen drive must still be the same drive (path, size, description, WWN or serial).

import type { DriveDTO } from '../../contract/dto';
import { appError, fail, ok, type Result } from '../../contract/errors';

/** Finds `chosen` in a fresh list; anything different means nothing may be written to it. */
export function reResolve(
  chosen: Pick<DriveDTO, 'device' | 'size' | 'description' | 'hardwareId'>,
  fresh: DriveDTO[],
): Result<DriveDTO> {
  const now = fresh.find((d) => d.device === chosen.device);
  if (!now)
    return fail(appError('E_DRIVE_GONE', `${chosen.device} (${chosen.description}) is no longer connected.`));
  const changes = [
    now.size !== chosen.size ? `size ${chosen.size} -> ${now.size} bytes` : '',
    now.description !== chosen.description ? `"${chosen.description}" -> "${now.description}"` : '',
    // Another stick of the same model and size in the same port differs here, where the system says.
    chosen.hardwareId !== undefined && now.hardwareId !== chosen.hardwareId
      ? `${chosen.hardwareId} -> ${now.hardwareId ?? 'no serial or WWN'}`
      : '',
  ].filter(Boolean);
  if (changes.length > 0)
    return fail(
      appError(
        'E_DRIVE_CHANGED',
        `${chosen.device} is not the drive that was chosen: ${changes.join(', ')}. Nothing was written.`,
      ),
    );
  return ok(now);
}
