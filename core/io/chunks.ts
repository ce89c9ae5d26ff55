// Streams a plan as aligned chunks on the calling thread (small rereads); cuts the groups parallel-chunks.ts reads.

import { closeSync, readSync } from 'node:fs';
import { appError, EngineError } from '../errors';
import type { Extent, FileExtent, Plan } from './plan';
import { openSource } from './source-file';
import { sourceReaderUid, sourceReads } from './source-rights';

export interface Chunk {
  /** Byte offset on the target; a multiple of `align`. */
  offset: number;
  /** The bytes to write; length is a multiple of `align` (but for one cut at the target's end). Gaps are zeros. */
  data: Uint8Array;
  /** XXH128 (hex) of `data`, when the producer was asked for it (readPlanChunksInParallel). */
  hash?: string;
}

export interface ChunkOptions {
  /** Largest chunk, and the grid chunks never cross. A power of two. Default 4 MiB. */
  chunkSize?: number;
  /** Alignment of every chunk's offset and length. Default 4096. */
  align?: number;
  /** Extents closer than this are written as one chunk, with zeros between. Default 64 KiB. */
  mergeGap?: number;
  signal?: AbortSignal;
}

export interface Piece {
  extent: Extent;
  /** Offset of this piece on the target, and within the extent. */
  at: number;
  within: number;
  length: number;
}

/** Extent pieces that are read and written as one chunk. */
export interface Group {
  start: number;
  end: number;
  pieces: Piece[];
}

/**
 * Splits extents, given in offset order, at chunk-grid lines and groups them into chunks (no I/O
 * yet). A group is handed out once the next extent shows it cannot grow, or at `finish`.
 */
export class Grouper {
  #current: Group | undefined;

  constructor(
    private readonly size: number,
    private readonly chunkSize: number,
    private readonly align: number,
    private readonly mergeGap: number,
  ) {}

  /** Takes the next extent; returns the groups it completed. */
  add(extent: Extent): Group[] {
    const done: Group[] = [];
    const { chunkSize } = this;
    let within = 0;
    while (within < extent.length) {
      const at = extent.offset + within;
      const gridEnd = (Math.floor(at / chunkSize) + 1) * chunkSize;
      const length = Math.min(extent.length - within, gridEnd - at);
      const current = this.#current;
      const sameWindow =
        current !== undefined && Math.floor((current.end - 1) / chunkSize) === Math.floor(at / chunkSize);
      if (current && sameWindow && at - current.end < this.mergeGap) {
        current.end = at + length;
      } else {
        if (current) done.push(this.#closed(current));
        this.#current = { start: alignDown(at, this.align), end: at + length, pieces: [] };
      }
      this.#current?.pieces.push({ extent, at, within, length });
      within += length;
    }
    return done;
  }

  /** The last group, if any. */
  finish(): Group[] {
    const current = this.#current;
    this.#current = undefined;
    return current ? [this.#closed(current)] : [];
  }

  #closed(group: Group): Group {
    return { ...group, end: Math.min(alignUp(group.end, this.align), this.size) };
  }
}

/** A whole plan's groups, in order. */
export function* groups(plan: Plan, chunkSize: number, align: number, mergeGap: number): Generator<Group> {
  const grouper = new Grouper(plan.size, chunkSize, align, mergeGap);
  for (const extent of plan.extents) yield* grouper.add(extent);
  yield* grouper.finish();
}

const alignDown = (n: number, a: number): number => n - (n % a);
const alignUp = (n: number, a: number): number => alignDown(n + a - 1, a);

/**
 * Yields the plan's chunks in order, reading source files on this thread as it goes, each chunk in
 * fresh memory: for small ranges (locating a verify mismatch) and as the reference the threaded
 * reader is tested against. Streams of whole plans use `readPlanChunksInParallel`.
 *
 * Source files are read with synchronous calls, one chunk at a time between yields: an
 * open/read/close through the thread pool costs several times the read itself (the Go tree: 0.25 s
 * synchronous against well over 1 s asynchronous).
 */
export async function* readPlanChunks(plan: Plan, options: ChunkOptions = {}): AsyncGenerator<Chunk> {
  const chunkSize = options.chunkSize ?? 4 * 1024 * 1024;
  const align = options.align ?? 4096;
  for (const group of groups(plan, chunkSize, align, options.mergeGap ?? 64 * 1024)) {
    options.signal?.throwIfAborted();
    const data = new Uint8Array(group.end - group.start);
    const release = await sourceReads(); // as the invoking user, in the privileged writer
    try {
      for (const piece of group.pieces) fill(data, piece.at - group.start, piece);
    } finally {
      release();
    }
    yield { offset: group.start, data };
  }
}

function fill(data: Uint8Array, into: number, piece: Piece): void {
  const { extent } = piece;
  if (extent.kind === 'bytes') {
    data.set(extent.data.subarray(piece.within, piece.within + piece.length), into);
  } else if (extent.kind === 'file') {
    const wanted = Math.max(0, Math.min(piece.length, extent.sourceLength - piece.within));
    if (wanted > 0) readRange(extent, extent.sourceOffset + piece.within, data.subarray(into, into + wanted));
  }
  // 'zero' extents need nothing: buffers come zero-filled.
}

/** A source file that lost bytes between composing and streaming. */
export const becameShorter = (path: string): EngineError =>
  new EngineError(
    appError('E_IO', `${path} became shorter while it was being read.`, {
      hint: 'Leave the files alone while composing, then compose again.',
    }),
  );

function readRange({ source: path, sourceId }: FileExtent, position: number, into: Uint8Array): void {
  const asUid = sourceReaderUid();
  if (asUid !== undefined && process.geteuid?.() !== asUid)
    throw new Error(`a source read would run as uid ${process.geteuid?.()}, not ${asUid}`);
  const fd = openSource(path, sourceId);
  try {
    let done = 0;
    while (done < into.length) {
      const bytesRead = readSync(fd, into, done, into.length - done, position + done);
      if (bytesRead === 0) throw becameShorter(path);
      done += bytesRead;
    }
  } finally {
    closeSync(fd);
  }
}
