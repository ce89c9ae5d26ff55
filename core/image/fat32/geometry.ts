// Where everything goes on a FAT32 stick of a given size: partition, reserved sectors, FATs, data.

import { sectorSize } from './mbr';

export const partitionStart = 1024 * 1024;
/** FAT32 needs at least this many clusters, or readers take it for FAT16. */
export const minClusters = 65525;
const maxClusters = 0x0ffffff5 - 2;
/** MBR sector counts are 32-bit. */
const maxPartitionSectors = 0xffffffff;
const align = 2048; // sectors: 1 MiB

export interface Geometry {
  /** Whole target, bytes (a multiple of 512). */
  size: number;
  partitionOffset: number;
  partitionSectors: number;
  sectorsPerCluster: number;
  clusterSize: number;
  reservedSectors: number;
  /** Sectors in one FAT. */
  fatSectors: number;
  /** Sector of cluster 2, relative to the partition start; a multiple of 2048 (1 MiB aligned). */
  dataStartSector: number;
  /** Usable clusters (numbered 2 .. clusterCount + 1). */
  clusterCount: number;
}

/** Microsoft's FAT32 table: sectors per cluster by partition size in sectors. */
function tableSectorsPerCluster(sectors: number): number {
  if (sectors <= 532_480) return 1; // up to 260 MB: 512 B
  if (sectors <= 16_777_216) return 8; // up to 8 GB: 4 KiB
  if (sectors <= 33_554_432) return 16; // up to 16 GB: 8 KiB
  if (sectors <= 67_108_864) return 32; // up to 32 GB: 16 KiB
  return 64; // 32 KiB
}

function layout(size: number, partitionSectors: number, sectorsPerCluster: number): Geometry {
  // The FAT is sized for every cluster the partition could hold, which slightly overestimates; a
  // FAT longer than the cluster count is allowed, and it lets the data region start 1 MiB aligned.
  const fatSectors = Math.ceil(((Math.floor(partitionSectors / sectorsPerCluster) + 2) * 4) / sectorSize);
  const minReserved = 32;
  const dataStartSector = Math.ceil((minReserved + 2 * fatSectors) / align) * align;
  const reservedSectors = dataStartSector - 2 * fatSectors;
  const clusterCount = Math.max(0, Math.floor((partitionSectors - dataStartSector) / sectorsPerCluster));
  return {
    size,
    partitionOffset: partitionStart,
    partitionSectors,
    sectorsPerCluster,
    clusterSize: sectorsPerCluster * sectorSize,
    reservedSectors,
    fatSectors,
    dataStartSector,
    clusterCount: Math.min(clusterCount, maxClusters),
  };
}

/**
 * The FAT32 geometry for a target of `size` bytes, or undefined when the target is too small to
 * hold FAT32's minimum cluster count. The partition fills the target, from 1 MiB to the end.
 */
export function geometryFor(size: number): Geometry | undefined {
  const whole = Math.floor(size / sectorSize) * sectorSize;
  const partitionSectors = Math.min(maxPartitionSectors, whole / sectorSize - partitionStart / sectorSize);
  if (partitionSectors <= 0) return undefined;
  // Halve the table's cluster size until there are enough clusters (only matters near 32 MB).
  for (let spc = tableSectorsPerCluster(partitionSectors); spc >= 1; spc /= 2) {
    const g = layout(whole, partitionSectors, spc);
    if (g.clusterCount >= minClusters) return g;
  }
  return undefined;
}

/** Smallest target FAT32 can use at all (512-byte clusters). */
export const smallestTarget = (() => {
  let size = 32 * 1024 * 1024;
  while (!geometryFor(size)) size += 1024 * 1024;
  return size;
})();

/** Byte offset on the disk of a cluster's first byte. */
export const clusterOffset = (g: Geometry, cluster: number): number =>
  g.partitionOffset + (g.dataStartSector + (cluster - 2) * g.sectorsPerCluster) * sectorSize;
