// Lists the members of a Unix `ar` archive (the outer layer of a .deb) without reading their data.

import type { FileHandle } from 'node:fs/promises';

export interface ArMember {
  name: string;
  /** Byte offset of the member's data in the archive file. */
  offset: number;
  size: number;
}

const magic = '!<arch>\n';
/** A .deb has three members (debian-binary, control.tar, data.tar), plus signatures at most. */
const maxMembers = 64;

/** Returns the members, or a string saying why this is not an ar archive. */
export async function listAr(file: FileHandle): Promise<ArMember[] | string> {
  const head = Buffer.alloc(8);
  await file.read(head, 0, 8, 0);
  if (head.toString('latin1') !== magic) return 'it does not start with the ar magic "!<arch>"';
  const { size: total } = await file.stat();
  const members: ArMember[] = [];
  const header = Buffer.alloc(60);
  let at = 8;
  while (at + 60 <= total) {
    if (members.length === maxMembers) return `it has more than ${maxMembers} members`;
    await file.read(header, 0, 60, at);
    if (header.toString('latin1', 58, 60) !== '`\n') return `member header at byte ${at} is damaged`;
    const name = header.toString('latin1', 0, 16).trim().replace(/\/$/, '');
    const sizeField = header.toString('latin1', 48, 58).trim();
    // Decimal digits only: "-60" would step back onto the same header forever.
    const size = /^\d{1,10}$/.test(sizeField) ? Number(sizeField) : Number.NaN;
    if (Number.isNaN(size)) return `member "${name}" has no valid size ("${sizeField}")`;
    if (at + 60 + size > total) {
      return `member "${name}" claims ${size} bytes but the file ends first (truncated download?)`;
    }
    members.push({ name, offset: at + 60, size });
    at += 60 + size + (size % 2); // data is padded to an even length
  }
  return members;
}
