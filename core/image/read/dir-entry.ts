// Decodes one directory's 32-byte entries, joining long-name (LFN) slots to the short entry they name.

export interface DirEntry {
  /** The name a reader shows: the long name when present and valid, else the short name. */
  name: string;
  shortName: string;
  /** The 11 bytes of the short name as stored ("LONGFI~1TXT", "UPPER   TXT"). */
  storedName: string;
  isDir: boolean;
  firstCluster: number;
  size: number;
}

const attrLongName = 0x0f;
const attrDirectory = 0x10;
const attrVolumeId = 0x08;

/** The checksum an LFN slot carries of the 11-byte short name it belongs to. */
export function shortNameChecksum(raw: Buffer): number {
  let sum = 0;
  for (let i = 0; i < 11; i += 1) sum = (((sum & 1) << 7) + (sum >> 1) + (raw[i] ?? 0)) & 0xff;
  return sum;
}

/** The 13 UTF-16 units of one LFN slot, in order. */
const lfnOffsets = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];

/** "README  TXT" with NT case flags -> "readme.txt"; byte 12 bit 3 lowers the base, bit 4 the extension. */
function shortNameText(raw: Buffer): string {
  const flags = raw[12] ?? 0;
  let base = raw.toString('latin1', 0, 8).trimEnd();
  let ext = raw.toString('latin1', 8, 11).trimEnd();
  if (base.charCodeAt(0) === 0x05) base = `\u00e5${base.slice(1)}`;
  if (flags & 0x08) base = base.toLowerCase();
  if (flags & 0x10) ext = ext.toLowerCase();
  return ext ? `${base}.${ext}` : base;
}

/** Every live entry of a directory's bytes, without "." and "..". */
export function parseDirectory(bytes: Buffer): DirEntry[] {
  const entries: DirEntry[] = [];
  let lfn: { checksum: number; parts: string[]; expect: number } | undefined;
  for (let at = 0; at + 32 <= bytes.length; at += 32) {
    const raw = bytes.subarray(at, at + 32);
    const first = raw[0] ?? 0;
    if (first === 0x00) break;
    if (first === 0xe5) {
      lfn = undefined;
      continue;
    }
    const attr = raw[11] ?? 0;
    if ((attr & 0x3f) === attrLongName) {
      const order = first & 0x1f;
      if (first & 0x40) lfn = { checksum: raw[13] ?? 0, parts: [], expect: order };
      if (!lfn || order !== lfn.expect || raw[13] !== lfn.checksum) {
        lfn = undefined;
        continue;
      }
      let part = '';
      for (const offset of lfnOffsets) {
        const unit = raw.readUInt16LE(offset);
        if (unit === 0x0000 || unit === 0xffff) break;
        part += String.fromCharCode(unit);
      }
      lfn.parts.unshift(part);
      lfn.expect -= 1;
      continue;
    }
    const long =
      lfn && lfn.expect === 0 && lfn.checksum === shortNameChecksum(raw) ? lfn.parts.join('') : undefined;
    lfn = undefined;
    if (attr & attrVolumeId) continue;
    const shortName = shortNameText(raw);
    if (shortName === '.' || shortName === '..') continue;
    entries.push({
      name: long ?? shortName,
      shortName,
      storedName: raw.toString('latin1', 0, 11),
      isDir: (attr & attrDirectory) !== 0,
      firstCluster: raw.readUInt16LE(20) * 0x10000 + raw.readUInt16LE(26),
      size: raw.readUInt32LE(28),
    });
  }
  return entries;
}
