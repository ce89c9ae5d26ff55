// A stick as a plan: the ordered extents that hold data; everything else is free space.

/** Bytes the composer made in memory (MBR, boot sectors, FAT, directories). */
export interface BytesExtent {
  kind: 'bytes';
  offset: number;
  length: number;
  data: Uint8Array;
  /** What this is, for error messages ("FAT #1", "/go/src/fmt"). */
  label: string;
}

/**
 * A source file as the scan saw it. Whoever streams the plan reads the file only while it is still
 * this one (same device, inode, size and modification time), opened without following a final
 * symbolic link: a file swapped between scan and write never reaches the stick (finding F1).
 */
export interface SourceId {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

/** A range of a source file, read only while the plan is streamed. */
export interface FileExtent {
  kind: 'file';
  offset: number;
  length: number;
  /** Absolute path of the source file, with no symbolic link in its last part. */
  source: string;
  /** The file the scan saw at `source`. */
  sourceId: SourceId;
  /** Where in the source file the range starts. */
  sourceOffset: number;
  /** Bytes of the source to copy; the rest of `length` (cluster padding) is zeros. */
  sourceLength: number;
  /** Path inside the stick ("/go/src/fmt/print.go"). */
  label: string;
}

/** Zeros that must be written (free FAT entries, wiping an old GPT). */
export interface ZeroExtent {
  kind: 'zero';
  offset: number;
  length: number;
  label: string;
}

export type Extent = BytesExtent | FileExtent | ZeroExtent;

/**
 * Invariants every producer keeps: extents are sorted by offset, do not overlap, and start and
 * end on 512-byte boundaries; `offset + length <= size`.
 */
export interface Plan {
  /** Size of the whole target in bytes. */
  size: number;
  extents: Extent[];
  /** MBR disk signature, for `root=PARTUUID=<hex>-01`. */
  diskSignature: number;
  /** Byte offset and length of the FAT32 partition. */
  partition: { offset: number; length: number };
}

export const planBytes = (plan: Plan): number => plan.extents.reduce((sum, e) => sum + e.length, 0);

export const partUuid = (plan: Plan): string => `${plan.diskSignature.toString(16).padStart(8, '0')}-01`;
