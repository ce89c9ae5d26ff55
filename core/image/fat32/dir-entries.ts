// Encodes one directory's 32-byte entries: volume label or dot entries, LFN slots, short entries.

import { fatTime } from './fat-time';
import type { DirNode, Node } from '../tree/tree';

const entrySize = 32;
const charsPerSlot = 13;
/** Byte offsets of the 13 UTF-16 units inside an LFN slot. */
const slotOffsets = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];

export const attr = { readOnly: 0x01, volumeLabel: 0x08, directory: 0x10, archive: 0x20, lfn: 0x0f };

/** Entries a child needs: its LFN slots, if any, and the short entry. */
export const entriesFor = (node: Node): number =>
  (node.short?.lfn ? Math.ceil(node.name.length / charsPerSlot) : 0) + 1;

/** Entries a directory needs: "." and ".." (or the volume label for the root) plus its children. */
export function countEntries(dir: DirNode, isRoot: boolean): number {
  let count = isRoot ? 1 : 2;
  for (const child of dir.children) count += entriesFor(child);
  return count;
}

/** Writes an 11-character ASCII short name. */
function writeName(out: DataView, at: number, name: string): void {
  for (let i = 0; i < 11; i++) out.setUint8(at + i, name.charCodeAt(i));
}

/** The LFN checksum of an 11-character short name (stored in every LFN slot to tie it to its entry). */
function checksumOf(name: string): number {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum = ((sum & 1 ? 0x80 : 0) + (sum >> 1) + name.charCodeAt(i)) & 0xff;
  return sum;
}

function shortEntry(
  out: DataView,
  at: number,
  name: string,
  fields: { attr: number; caseFlags: number; cluster: number; size: number; mtimeMs: number },
): void {
  writeName(out, at, name);
  out.setUint8(at + 11, fields.attr);
  out.setUint8(at + 12, fields.caseFlags);
  const t = fatTime(fields.mtimeMs);
  out.setUint8(at + 13, t.tenths);
  out.setUint16(at + 14, t.time, true); // created = modified: the source's mtime is all we keep
  out.setUint16(at + 16, t.date, true);
  out.setUint16(at + 18, t.date, true); // last access date
  out.setUint16(at + 20, fields.cluster >>> 16, true);
  out.setUint16(at + 22, t.time, true);
  out.setUint16(at + 24, t.date, true);
  out.setUint16(at + 26, fields.cluster & 0xffff, true);
  out.setUint32(at + 28, fields.size, true);
}

function lfnSlots(out: DataView, at: number, name: string, checksum: number): number {
  const slots = Math.ceil(name.length / charsPerSlot);
  for (let slot = slots; slot >= 1; slot--) {
    out.setUint8(at, slot === slots ? slot | 0x40 : slot); // the last slot comes first, flagged
    out.setUint8(at + 11, attr.lfn);
    out.setUint8(at + 13, checksum);
    for (let i = 0; i < charsPerSlot; i++) {
      const index = (slot - 1) * charsPerSlot + i;
      // After the name: one 0x0000 terminator, then 0xFFFF padding.
      const unit = index < name.length ? name.charCodeAt(index) : index === name.length ? 0 : 0xffff;
      out.setUint16(at + (slotOffsets[i] as number), unit, true);
    }
    at += entrySize;
  }
  return at;
}

/**
 * The bytes of a directory's entries (without trailing free space). `parentCluster` is 0 when the
 * parent is the root, as the FAT specification asks for "..".
 */
export function encodeDirectory(
  dir: DirNode,
  options: { isRoot: boolean; parentCluster: number; volumeLabel?: string },
): Uint8Array {
  // Rounded up to whole sectors, as the plan's extents are; the rest reads as free entries.
  const used = (dir.entryCount ?? countEntries(dir, options.isRoot)) * entrySize;
  const bytes = new Uint8Array(Math.ceil(used / 512) * 512);
  const out = new DataView(bytes.buffer);
  const self = dir.cluster ?? 0;
  const common = { caseFlags: 0, size: 0, mtimeMs: dir.mtimeMs };
  let at = 0;
  if (options.isRoot) {
    shortEntry(out, at, options.volumeLabel ?? 'NO NAME    ', {
      ...common,
      attr: attr.volumeLabel,
      cluster: 0,
    });
    at += entrySize;
  } else {
    shortEntry(out, at, '.          ', { ...common, attr: attr.directory, cluster: self });
    shortEntry(out, at + entrySize, '..         ', {
      ...common,
      attr: attr.directory,
      cluster: options.parentCluster,
    });
    at += 2 * entrySize;
  }
  for (const child of dir.children) {
    const short = child.short;
    if (!short) throw new Error(`${child.name} has no short name: name the tree before encoding it`);
    const name = short.name;
    if (short.lfn) at = lfnSlots(out, at, child.name, checksumOf(name));
    const isDir = child.kind === 'dir';
    shortEntry(out, at, name, {
      attr: isDir ? attr.directory : attr.archive,
      caseFlags: short.caseFlags,
      cluster: child.cluster ?? 0,
      size: isDir ? 0 : child.size,
      mtimeMs: child.mtimeMs,
    });
    at += entrySize;
  }
  return bytes;
}
