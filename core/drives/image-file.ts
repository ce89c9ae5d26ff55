// Whether an existing file is an image Sourcery Flasher made, and so may be written over.

import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { partitionStart } from '../image/fat32/geometry';
import { sectorSize } from '../image/fat32/mbr';

/** Never follows a link in the last component; 0 where the OS has no such flag (Windows). */
export const noFollow = constants.O_NOFOLLOW ?? 0;

/**
 * True for an empty file, or one whose volume boot sector at 1 MiB carries the BPB our composer
 * writes (core/image/fat32/boot-sector.ts): 512-byte sectors, two FATs, media F8, 63 sectors and 255
 * heads, the partition starting at 1 MiB and filling the file, FSInfo in sector 1, the backup in
 * sector 6, drive 0x80, "FAT32". Syslinux replaces the jump, OEM name and code but keeps these.
 * The sector at 1 MiB is read, not the MBR, because a cancelled write zeroes the first MiB on
 * purpose; such an image may still be written again.
 */
export async function isOurImage(handle: FileHandle): Promise<boolean> {
  const { size } = await handle.stat();
  if (size === 0) return true;
  if (size % sectorSize !== 0 || size < partitionStart + sectorSize) return false;
  const s = Buffer.alloc(sectorSize);
  const { bytesRead } = await handle.read(s, 0, sectorSize, partitionStart);
  if (bytesRead !== sectorSize) return false;
  const partitionSectors = Math.min(0xffffffff, size / sectorSize - partitionStart / sectorSize);
  return (
    s.readUInt16LE(11) === sectorSize &&
    s[16] === 2 &&
    s[21] === 0xf8 &&
    s.readUInt16LE(24) === 63 &&
    s.readUInt16LE(26) === 255 &&
    s.readUInt32LE(28) === partitionStart / sectorSize &&
    s.readUInt32LE(32) === partitionSectors &&
    s.readUInt16LE(48) === 1 &&
    s.readUInt16LE(50) === 6 &&
    s[64] === 0x80 &&
    s[66] === 0x29 &&
    s.toString('latin1', 82, 90) === 'FAT32   ' &&
    s[510] === 0x55 &&
    s[511] === 0xaa
  );
}

/** Opens `path` read-only without following a link and says whether it is our image; false if it cannot. */
export async function fileIsOurImage(path: string): Promise<boolean> {
  const handle = await open(path, constants.O_RDONLY | noFollow).catch(() => undefined);
  if (!handle) return false;
  try {
    return (await handle.stat()).isFile() && (await isOurImage(handle));
  } finally {
    await handle.close();
  }
}
