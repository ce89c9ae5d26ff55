// Test-only FAT32 reader, written apart from the composer, to judge images it made.

import { openSync, readSync, closeSync } from 'node:fs';

export interface ReadEntry {
  path: string;
  isDir: boolean;
  size: number;
  firstCluster: number;
  /** Clusters of the entry's chain, in order. */
  chain: number[];
  /** The 11-character short name as stored, and the name a reader shows. */
  shortName: string;
  longName: string;
  writeDate: number;
  writeTime: number;
}

export interface ReadVolume {
  partitionStart: number;
  bytesPerCluster: number;
  entries: ReadEntry[];
  rootChain: number[];
  /** Reads an entry's contents through its chain. */
  contents(entry: ReadEntry): Buffer;
  bootSector: Buffer;
  backupBootSector: Buffer;
  fsInfo: { free: number; nextFree: number; signaturesOk: boolean };
  fatEntry(cluster: number): number;
}

export function readVolume(image: string): ReadVolume {
  const fd = openSync(image, 'r');
  const at = (offset: number, length: number): Buffer => {
    const b = Buffer.alloc(length);
    readSync(fd, b, 0, length, offset);
    return b;
  };
  try {
    const mbr = at(0, 512);
    const partitionStart = mbr.readUInt32LE(446 + 8) * 512;
    const boot = at(partitionStart, 512);
    const bytesPerSector = boot.readUInt16LE(11);
    const spc = boot.readUInt8(13);
    const reserved = boot.readUInt16LE(14);
    const fats = boot.readUInt8(16);
    const fatSectors = boot.readUInt32LE(36);
    const rootCluster = boot.readUInt32LE(44);
    const bytesPerCluster = bytesPerSector * spc;
    const fat = at(partitionStart + reserved * bytesPerSector, fatSectors * bytesPerSector);
    const dataStart = partitionStart + (reserved + fats * fatSectors) * bytesPerSector;
    const fatEntry = (c: number) => fat.readUInt32LE(c * 4) & 0x0fffffff;
    const chainOf = (first: number): number[] => {
      const out: number[] = [];
      for (let c = first; c >= 2 && c < 0x0ffffff8; c = fatEntry(c)) {
        out.push(c);
        if (out.length > fat.length / 4) throw new Error(`cluster chain from ${first} loops`);
      }
      return out;
    };
    const readChain = (chain: number[]): Buffer =>
      Buffer.concat(chain.map((c) => at(dataStart + (c - 2) * bytesPerCluster, bytesPerCluster)));

    const entries: ReadEntry[] = [];
    const walk = (cluster: number, parent: string) => {
      const raw = readChain(chainOf(cluster));
      let lfnParts: string[] = [];
      for (let off = 0; off < raw.length; off += 32) {
        const e = raw.subarray(off, off + 32);
        if (e[0] === 0) break;
        if (e[0] === 0xe5) continue;
        const attr = e[11] as number;
        if (attr === 0x0f) {
          let part = '';
          for (const p of [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30]) {
            const u = e.readUInt16LE(p);
            if (u === 0 || u === 0xffff) break;
            part += String.fromCharCode(u);
          }
          if ((e[0] as number) & 0x40) lfnParts = [];
          lfnParts.unshift(part);
          continue;
        }
        if (attr & 0x08) {
          lfnParts = [];
          continue;
        }
        const shortName = e.toString('latin1', 0, 11);
        if (shortName.startsWith('.')) continue;
        const nt = e[12] as number;
        const base = shortName.slice(0, 8).trimEnd();
        const ext = shortName.slice(8).trimEnd();
        const shown =
          (nt & 0x08 ? base.toLowerCase() : base) + (ext ? `.${nt & 0x10 ? ext.toLowerCase() : ext}` : '');
        const longName = lfnParts.length > 0 ? lfnParts.join('') : shown;
        lfnParts = [];
        const firstCluster = (e.readUInt16LE(20) << 16) | e.readUInt16LE(26);
        const isDir = (attr & 0x10) !== 0;
        const entry: ReadEntry = {
          path: `${parent}/${longName}`,
          isDir,
          size: e.readUInt32LE(28),
          firstCluster,
          chain: firstCluster ? chainOf(firstCluster) : [],
          shortName,
          longName,
          writeTime: e.readUInt16LE(22),
          writeDate: e.readUInt16LE(24),
        };
        entries.push(entry);
        if (isDir) walk(firstCluster, entry.path);
      }
    };
    walk(rootCluster, '');
    const info = at(partitionStart + bytesPerSector, 512);
    const contents = (entry: ReadEntry) => {
      const r = openSync(image, 'r');
      try {
        const b = Buffer.alloc(entry.chain.length * bytesPerCluster);
        entry.chain.forEach((c, i) =>
          readSync(r, b, i * bytesPerCluster, bytesPerCluster, dataStart + (c - 2) * bytesPerCluster),
        );
        return b.subarray(0, entry.size);
      } finally {
        closeSync(r);
      }
    };
    return {
      partitionStart,
      bytesPerCluster,
      entries,
      rootChain: chainOf(rootCluster),
      contents,
      bootSector: boot,
      backupBootSector: at(partitionStart + boot.readUInt16LE(50) * bytesPerSector, 512),
      fsInfo: {
        free: info.readUInt32LE(488),
        nextFree: info.readUInt32LE(492),
        signaturesOk:
          info.readUInt32LE(0) === 0x41615252 &&
          info.readUInt32LE(484) === 0x61417272 &&
          info.readUInt32LE(508) === 0xaa550000,
      },
      fatEntry,
    };
  } finally {
    closeSync(fd);
  }
}
