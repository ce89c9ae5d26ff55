// The master boot record: one bootable FAT32 (LBA, type 0x0c) partition and room for boot code.

export const sectorSize = 512;
export const mbrBootCodeSize = 440;

/** Cylinder-head-sector triple for an LBA, as old BIOSes read it (255 heads, 63 sectors a track). */
function chs(lba: number): [number, number, number] {
  const cylinder = Math.floor(lba / (255 * 63));
  if (cylinder > 1023) return [0xfe, 0xff, 0xff]; // beyond CHS: the customary "use LBA" marker
  const head = Math.floor(lba / 63) % 255;
  const sector = (lba % 63) + 1;
  return [head, sector | ((cylinder >> 2) & 0xc0), cylinder & 0xff];
}

export interface MbrOptions {
  diskSignature: number;
  /** First sector and sector count of the partition. */
  startLba: number;
  sectors: number;
}

export function buildMbr({ diskSignature, startLba, sectors }: MbrOptions): Uint8Array {
  const mbr = new Uint8Array(sectorSize);
  const view = new DataView(mbr.buffer);
  view.setUint32(440, diskSignature >>> 0, true);
  const entry = 446;
  mbr[entry] = 0x80; // bootable: syslinux's mbr.bin and some BIOSes only boot an active partition
  mbr.set(chs(startLba), entry + 1);
  mbr[entry + 4] = 0x0c; // FAT32 with LBA addressing
  mbr.set(chs(startLba + sectors - 1), entry + 5);
  view.setUint32(entry + 8, startLba, true);
  view.setUint32(entry + 12, sectors, true);
  mbr[510] = 0x55;
  mbr[511] = 0xaa;
  return mbr;
}

/** A random, non-zero disk signature (zero means "none" to some tools). */
export function randomDiskSignature(): number {
  const value = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
  return value === 0 ? 1 : value;
}
