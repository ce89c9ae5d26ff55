// The FAT32 BIOS parameter block: where the FATs, the data area and the root directory are.

import { appError, fail, ok, type Result } from '../../../contract/errors';

export interface Bpb {
  bytesPerSector: number;
  sectorsPerCluster: number;
  bytesPerCluster: number;
  reservedSectors: number;
  fatCount: number;
  sectorsPerFat: number;
  totalSectors: number;
  rootCluster: number;
  /** Byte offsets from the start of the volume. */
  fatOffset: number;
  dataOffset: number;
  /** Highest valid cluster number + 1. */
  clusterLimit: number;
}

const broken = (detail: string) =>
  fail<Bpb>(
    appError('E_VERIFY_MISMATCH', `The FAT32 boot sector is damaged: ${detail}.`, {
      hint: 'The stick does not hold a file system we wrote; flash it again or try another stick.',
    }),
  );

export function parseBpb(sector: Buffer): Result<Bpb> {
  const bytesPerSector = sector.readUInt16LE(11);
  const sectorsPerCluster = sector[13] ?? 0;
  const reservedSectors = sector.readUInt16LE(14);
  const fatCount = sector[16] ?? 0;
  const totalSectors = sector.readUInt16LE(19) || sector.readUInt32LE(32);
  const sectorsPerFat = sector.readUInt32LE(36);
  const rootCluster = sector.readUInt32LE(44);
  if (![512, 1024, 2048, 4096].includes(bytesPerSector)) return broken(`${bytesPerSector} bytes per sector`);
  if (sectorsPerCluster === 0 || (sectorsPerCluster & (sectorsPerCluster - 1)) !== 0)
    return broken(`${sectorsPerCluster} sectors per cluster`);
  if (fatCount < 1 || sectorsPerFat === 0 || reservedSectors === 0) return broken('no FAT');
  const dataSector = reservedSectors + fatCount * sectorsPerFat;
  if (totalSectors <= dataSector) return broken('the data area is empty');
  const clusterLimit = Math.min(
    2 + Math.floor((totalSectors - dataSector) / sectorsPerCluster),
    (sectorsPerFat * bytesPerSector) / 4,
  );
  if (rootCluster < 2 || rootCluster >= clusterLimit) return broken(`root cluster ${rootCluster}`);
  return ok({
    bytesPerSector,
    sectorsPerCluster,
    bytesPerCluster: bytesPerSector * sectorsPerCluster,
    reservedSectors,
    fatCount,
    sectorsPerFat,
    totalSectors,
    rootCluster,
    fatOffset: reservedSectors * bytesPerSector,
    dataOffset: dataSector * bytesPerSector,
    clusterLimit,
  });
}
