// Streams a plan's chunks with source files read on reader threads, straight into shared slots.

import type { AlignedPool } from './aligned-pool';
import { becameShorter, groups, type Chunk } from './chunks';
import { defaultThreads, fillOnThread, type FillJob } from './io-threads';
import type { Plan } from './plan';

export interface ParallelChunkOptions {
  /**
   * Where chunks live: every yielded chunk's `data` is a slot of this pool, zero-filled where the
   * plan has no bytes. The consumer gives each one back with `pool.release(chunk.data)`.
   */
  pool: AlignedPool;
  /** Threads reading files (default `defaultThreads()`, see io-threads.ts). */
  readers?: number;
  /** Chunks read ahead of the consumer at most (default 2 per reader), while slots are free. */
  ahead?: number;
  /** Largest chunk, at most the pool's slot size. Default: the slot size. */
  chunkSize?: number;
  align?: number;
  mergeGap?: number;
  /** Give every chunk its XXH128 (`chunk.hash`), taken on the thread that read it. */
  hash?: boolean;
  signal?: AbortSignal;
}

/**
 * Yields the plan's chunks in order, like `readPlanChunks`, with source files read on the I/O threads
 * (io-threads.ts) a few chunks ahead of the consumer, straight into the pool's shared memory. Bytes
 * the composer made (FAT, folders) are copied here.
 */
export async function* readPlanChunksInParallel(
  plan: Plan,
  options: ParallelChunkOptions,
): AsyncGenerator<Chunk> {
  const { pool, signal } = options;
  const chunkSize = options.chunkSize ?? pool.slotSize;
  const readerCount = options.readers ?? defaultThreads();
  const ahead = options.ahead ?? 2 * readerCount;
  const pending = groups(plan, chunkSize, options.align ?? 4096, options.mergeGap ?? 64 * 1024);
  const inFlight: Array<{ chunk: Chunk; read: Promise<string | undefined> }> = [];
  let more = true;

  const start = (): void => {
    const next = pending.next();
    if (next.done) {
      more = false;
      return;
    }
    const group = next.value;
    // Only what no piece fills is zeroed: clearing whole slots took a quarter of this thread's time.
    const data = pool.allocate(group.end - group.start, false);
    const job: FillJob = { paths: [], pieces: [] };
    let filled = 0;
    for (const piece of group.pieces) {
      const { extent } = piece;
      const into = piece.at - group.start;
      pool.clear(data, filled, into);
      filled = into;
      if (extent.kind === 'bytes') {
        data.set(extent.data.subarray(piece.within, piece.within + piece.length), into);
        filled += piece.length;
      } else if (extent.kind === 'file') {
        const wanted = Math.max(0, Math.min(piece.length, extent.sourceLength - piece.within));
        if (wanted > 0) {
          job.paths.push(extent.source);
          job.pieces.push(extent.sourceOffset + piece.within, wanted, data.byteOffset + into);
          filled += wanted;
        }
      }
    }
    pool.clear(data, filled, data.length);
    if (options.hash) job.hash = { start: data.byteOffset, length: data.length };
    const read =
      job.paths.length > 0 || job.hash
        ? fillOnThread(readerCount, pool.memory, job, becameShorter)
        : Promise.resolve(undefined);
    read.catch(() => undefined); // awaited in order below; this only keeps it from being "unhandled"
    inFlight.push({ chunk: { offset: group.start, data }, read });
  };

  try {
    for (;;) {
      signal?.throwIfAborted();
      while (more && inFlight.length < ahead && pool.available > 0) start();
      const oldest = inFlight[0];
      if (!oldest) {
        if (!more) return;
        await pool.whenFree();
        continue;
      }
      const hash = await oldest.read;
      if (hash !== undefined) oldest.chunk.hash = hash;
      inFlight.shift();
      yield oldest.chunk;
    }
  } finally {
    // Threads may still be filling slots read ahead: let them finish before those slots are reused.
    await Promise.allSettled(inFlight.map((job) => job.read));
    for (const { chunk } of inFlight) pool.release(chunk.data);
  }
}
