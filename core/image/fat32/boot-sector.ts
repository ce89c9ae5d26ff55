// The FAT32 reserved region: boot sector with its BPB, FSInfo, and their backups at sectors 6 and 7.

import type { Geometry } from './geometry';
import { sectorSize } from './mbr';

export const backupBootSector = 6;
const fsInfoSector = 1;

export interface BootSectorOptions {
  geometry: Geometry;
  volumeId: number;
  /** Up to 11 characters; upper-cased and padded as FAT stores it. */
  volumeLabel: string;
  freeClusters: number;
  nextFreeCluster: number;
  /** First cluster of the root folder. */
  rootCluster: number;
}

/** The 11-character space-padded label field: FAT stores labels upper-case in the OEM code page. */
export const labelField = (label: string): string =>
  label
    .toUpperCase()
    .replace(/[^\x20-\x7e]|["*+,./:;<=>?[\\\]|]/g, '_')
    .slice(0, 11)
    .padEnd(11, ' ');

function writeBootSector(sector: Uint8Array, o: BootSectorOptions): void {
  const g = o.geometry;
  const v = new DataView(sector.buffer, sector.byteOffset, sectorSize);
  sector.set([0xeb, 0x58, 0x90], 0); // jump over the BPB to the code at 0x5a
  sector.set(new TextEncoder().encode('MSWIN4.1'), 3); // the OEM name the spec advises for compatibility
  v.setUint16(11, sectorSize, true);
  sector[13] = g.sectorsPerCluster;
  v.setUint16(14, g.reservedSectors, true);
  sector[16] = 2; // number of FATs
  sector[21] = 0xf8; // media: fixed disk
  v.setUint16(24, 63, true); // sectors per track and heads: only old BIOS CHS code reads them
  v.setUint16(26, 255, true);
  v.setUint32(28, g.partitionOffset / sectorSize, true); // hidden sectors = partition start
  v.setUint32(32, g.partitionSectors, true);
  v.setUint32(36, g.fatSectors, true);
  v.setUint32(44, o.rootCluster, true); // root folder's first cluster (after the files: layout.ts)
  v.setUint16(48, fsInfoSector, true);
  v.setUint16(50, backupBootSector, true);
  sector[64] = 0x80; // BIOS drive number of a hard disk
  sector[66] = 0x29; // extended boot signature: the next three fields are valid
  v.setUint32(67, o.volumeId >>> 0, true);
  sector.set(new TextEncoder().encode(labelField(o.volumeLabel)), 71);
  sector.set(new TextEncoder().encode('FAT32   '), 82);
  // Code at 0x5a for a BIOS that boots this partition without a boot loader installed: int 0x18
  // hands control back to the BIOS ("try the next device"), then halt in a loop.
  sector.set([0xcd, 0x18, 0xf4, 0xeb, 0xfd], 0x5a);
  sector[510] = 0x55;
  sector[511] = 0xaa;
}

function writeFsInfo(sector: Uint8Array, o: BootSectorOptions): void {
  const v = new DataView(sector.buffer, sector.byteOffset, sectorSize);
  v.setUint32(0, 0x41615252, true);
  v.setUint32(484, 0x61417272, true);
  v.setUint32(488, o.freeClusters, true);
  v.setUint32(492, o.nextFreeCluster, true);
  v.setUint32(508, 0xaa550000, true);
}

export interface ReservedRegion {
  /** All reserved sectors, zeros except the four written here. */
  bytes: Uint8Array;
  /** Views into `bytes`. */
  primary: Uint8Array;
  backup: Uint8Array;
}

export function buildReservedRegion(o: BootSectorOptions): ReservedRegion {
  const bytes = new Uint8Array(o.geometry.reservedSectors * sectorSize);
  const at = (sector: number) => bytes.subarray(sector * sectorSize, (sector + 1) * sectorSize);
  const primary = at(0);
  const backup = at(backupBootSector);
  writeBootSector(primary, o);
  writeFsInfo(at(fsInfoSector), o);
  backup.set(primary);
  at(backupBootSector + fsInfoSector).set(at(fsInfoSector));
  return { bytes, primary, backup };
}
