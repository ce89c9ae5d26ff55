// Patches ldlinux.sys and the syslinux boot sector for where ldlinux.sys lies on the stick.
// Field layout from syslinux's libinstaller (patch_area, ext_patch_area), read for facts.

const ldlinuxMagic = 0x3eb202fe;
const advBytes = 2 * 512;

export interface SyslinuxImage {
  /** ldlinux.sys as a file: the loader image followed by two ADV sectors. */
  ldlinux: Uint8Array;
  /** The 512-byte boot sector the installer writes (BPB fields are ignored). */
  bootSector: Uint8Array;
}

/** Offsets of the fields the installer rewrites, found through the patch area. */
function patchArea(image: Uint8Array) {
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  let at = 0;
  while (at + 4 <= image.length && view.getUint32(at, true) !== ldlinuxMagic) at += 4;
  if (at + 24 > image.length) return undefined;
  const epa = view.getUint16(at + 22, true);
  return {
    view,
    area: at,
    advPointers: view.getUint16(epa, true),
    extents: view.getUint16(epa + 10, true),
    extentCount: view.getUint16(epa + 12, true),
    sect1ptr0: view.getUint16(epa + 14, true),
    sect1ptr1: view.getUint16(epa + 16, true),
  };
}

/** Checks a payload can be patched; returns a reason when not. */
export function checkSyslinuxImage(ldlinux: Uint8Array): string | undefined {
  if (ldlinux.length <= advBytes + 512) return 'ldlinux.sys is too small to be a syslinux loader';
  return patchArea(ldlinux.subarray(0, ldlinux.length - advBytes))
    ? undefined
    : 'ldlinux.sys has no syslinux patch area';
}

/** Groups sectors into (lba, count) extents the way syslinux's loader reads them: no 64 KiB crossing. */
function extentsOf(sectors: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let address = 0x8000; // where ldlinux.sys's second sector is loaded
  let base = address;
  let lba = 0;
  let length = 0;
  for (const sector of sectors) {
    const bytes = (length + 1) * 512;
    if (
      length &&
      sector === lba + length &&
      bytes < 65536 &&
      ((address ^ (base + bytes - 1)) & 0xffff0000) === 0
    ) {
      length++;
    } else {
      if (length) out.push([lba, length]);
      base = address;
      lba = sector;
      length = 1;
    }
    address += 512;
  }
  if (length) out.push([lba, length]);
  return out;
}

/**
 * Returns patched copies of ldlinux.sys and the boot sector's code. `sectors` are the file's
 * sectors relative to the partition start, as syslinux's own installer computes them.
 */
export function patchSyslinux(payload: SyslinuxImage, sectors: number[]): SyslinuxImage {
  const ldlinux = new Uint8Array(payload.ldlinux);
  const bootSector = new Uint8Array(payload.bootSector);
  const imageLength = ldlinux.length - advBytes;
  const image = ldlinux.subarray(0, imageLength);
  const found = patchArea(image);
  if (!found) throw new Error('ldlinux.sys has no patch area (checked when the payload was loaded)');
  const { view, area } = found;
  const dataSectors = Math.ceil(imageLength / 512);
  if (sectors.length < dataSectors + 2)
    throw new Error(`ldlinux.sys needs ${dataSectors + 2} sectors, got ${sectors.length}`);
  const boot = new DataView(bootSector.buffer, bootSector.byteOffset, 512);
  const first = sectors[0] ?? 0;
  boot.setUint32(found.sect1ptr0, first % 2 ** 32, true);
  boot.setUint32(found.sect1ptr1, Math.floor(first / 2 ** 32), true);

  const dwords = Math.floor(imageLength / 4);
  view.setUint16(area + 8, dataSectors, true);
  view.setUint16(area + 10, 2, true); // two ADV sectors
  view.setUint32(area + 12, dwords, true);

  ldlinux.fill(0, found.extents, found.extents + found.extentCount * 10);
  const rest = sectors.slice(1);
  extentsOf(rest.slice(0, dataSectors - 1)).forEach(([lba, length], i) => {
    view.setBigUint64(found.extents + i * 10, BigInt(lba), true);
    view.setUint16(found.extents + i * 10 + 8, length, true);
  });
  view.setBigUint64(found.advPointers, BigInt(rest[dataSectors - 1] ?? 0), true);
  view.setBigUint64(found.advPointers + 8, BigInt(rest[dataSectors] ?? 0), true);

  view.setUint32(area + 16, 0, true);
  let sum = ldlinuxMagic;
  for (let i = 0; i < dwords; i++) sum = (sum - view.getUint32(i * 4, true)) >>> 0;
  view.setUint32(area + 16, sum, true);
  return { ldlinux, bootSector };
}

/** Copies syslinux's jump, OEM name and code into our boot sector, keeping our BPB (bytes 11-89). */
export function mergeBootSector(target: Uint8Array, syslinux: Uint8Array): void {
  target.set(syslinux.subarray(0, 11), 0);
  target.set(syslinux.subarray(90, 510), 90);
}
