// Finds the FAT32 partition of a stick: the MBR's first FAT32 entry, or a whole-disk volume.

import { appError, fail, ok, type Result } from '../../../contract/errors';

export interface PartitionSpan {
  /** Byte offset and length of the volume on the disk. */
  offset: number;
  length: number;
}

const fat32Types = new Set([0x0b, 0x0c]);
const hasSignature = (sector: Buffer): boolean => sector[510] === 0x55 && sector[511] === 0xaa;
/** A volume boot sector names its file system at byte 82 ("FAT32   "). */
const isFat32BootSector = (sector: Buffer): boolean =>
  hasSignature(sector) && sector.toString('latin1', 82, 87) === 'FAT32';

/** Reads the partition table in sector 0; `diskSize` bounds a whole-disk volume. */
export function findFat32Partition(sector0: Buffer, diskSize: number): Result<PartitionSpan> {
  if (!hasSignature(sector0))
    return fail(
      appError(
        'E_VERIFY_MISMATCH',
        'The first sector has no boot signature (55 AA): this is not a stick we wrote.',
        {
          hint: 'Flash the stick again; a stick whose write was cancelled has its first MiB zeroed on purpose.',
        },
      ),
    );
  if (isFat32BootSector(sector0)) return ok({ offset: 0, length: diskSize });
  for (let slot = 0; slot < 4; slot += 1) {
    const entry = 446 + slot * 16;
    const type = sector0[entry + 4] ?? 0;
    const start = sector0.readUInt32LE(entry + 8);
    const sectors = sector0.readUInt32LE(entry + 12);
    if (fat32Types.has(type) && start > 0 && sectors > 0)
      return ok({ offset: start * 512, length: sectors * 512 });
  }
  return fail(
    appError('E_VERIFY_MISMATCH', 'The partition table holds no FAT32 partition.', {
      hint: 'Flash the stick again with Sourcery Flasher.',
    }),
  );
}
