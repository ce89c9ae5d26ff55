// Streams a plan's chunks with source files read on reader threads, straight into shared slots.

import type { AlignedPool } from './aligned-pool';
import { becameShorter, Grouper, groups, type Chunk, type Group } from './chunks';
import type { FillJob, IoThreads } from './io-threads';
import type { Extent, Plan } from './plan';

const defaultAlign = 4096;
const defaultMergeGap = 64 * 1024;

/** Where a chunk reader gets its groups: a whole plan, or a plan still being composed (`ExtentFeed`). */
export interface GroupSource {
  /** The next group ready to read, or undefined when none is ready now (see `ended`). */
  take(): Group | undefined;
  /** True once every group has been taken. */
  readonly ended: boolean;
  /** Resolves when a group is ready or the source has ended; rejects if it failed. */
  ready(): Promise<void>;
}

function planSource(plan: Plan, chunkSize: number, align: number, mergeGap: number): GroupSource {
  const pending = groups(plan, chunkSize, align, mergeGap);
  let ended = false;
  return {
    take() {
      const next = pending.next();
      ended ||= next.done === true;
      return next.done ? undefined : next.value;
    },
    get ended() {
      return ended;
    },
    ready: () => Promise.resolve(),
  };
}

/**
 * Extents that arrive while a plan is still being composed, grouped into chunks as they come, so
 * streaming can start before composing ends (compose-to-file.ts). Extents come in offset order
 * within a run; `cut` ends a run, and the next may lie anywhere that no earlier run touched.
 */
export class ExtentFeed implements GroupSource {
  readonly #grouper: Grouper;
  readonly #queue: Group[] = [];
  #finished = false;
  #failure: { error: unknown } | undefined;
  #wake: (() => void) | undefined;

  constructor(size: number, chunkSize: number) {
    this.#grouper = new Grouper(size, chunkSize, defaultAlign, defaultMergeGap);
  }

  add(extent: Extent): void {
    this.#push(this.#grouper.add(extent));
  }

  cut(): void {
    this.#push(this.#grouper.finish());
  }

  /** No more extents: the reader ends once it has taken the last group. */
  end(): void {
    this.cut();
    this.#finished = true;
    this.#notify();
  }

  /** Composing failed: the reader stops with `error`. */
  fail(error: unknown): void {
    this.#failure ??= { error };
    this.#notify();
  }

  take(): Group | undefined {
    if (this.#failure) throw this.#failure.error;
    return this.#queue.shift();
  }

  get ended(): boolean {
    return this.#finished && this.#queue.length === 0 && !this.#failure;
  }

  ready(): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure.error);
    if (this.#queue.length > 0 || this.#finished) return Promise.resolve();
    return new Promise((resolve) => (this.#wake = resolve));
  }

  #push(done: Group[]): void {
    if (done.length === 0) return;
    this.#queue.push(...done);
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

export interface ParallelChunkOptions {
  /**
   * Where chunks live: every yielded chunk's `data` is a slot of this pool, zero-filled where the
   * plan has no bytes. The consumer gives each one back with `pool.release(chunk.data)`.
   */
  pool: AlignedPool;
  /** The threads that read files (io-threads.ts), owned by the caller. */
  threads: IoThreads;
  /** Chunks read ahead of the consumer at most (default 2 per thread), while slots are free. */
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
export function readPlanChunksInParallel(plan: Plan, options: ParallelChunkOptions): AsyncGenerator<Chunk> {
  const chunkSize = options.chunkSize ?? options.pool.slotSize;
  const source = planSource(
    plan,
    chunkSize,
    options.align ?? defaultAlign,
    options.mergeGap ?? defaultMergeGap,
  );
  return readChunksInParallel(source, options);
}

/** `readPlanChunksInParallel` for groups from any source; a feed's groups must fit the pool's slots. */
export async function* readChunksInParallel(
  source: GroupSource,
  options: Omit<ParallelChunkOptions, 'align' | 'mergeGap' | 'chunkSize'>,
): AsyncGenerator<Chunk> {
  const { pool, signal } = options;
  const threads = options.threads;
  const ahead = options.ahead ?? 2 * threads.count;
  const inFlight: Array<{ chunk: Chunk; read: Promise<string | undefined> }> = [];

  const start = (group: Group): void => {
    // Only what no piece fills is zeroed: clearing whole slots took a quarter of this thread's time.
    const data = pool.allocate(group.end - group.start, false);
    const job: FillJob = { paths: [], pieces: [], ids: [] };
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
          const { dev, ino, size, mtimeMs } = extent.sourceId;
          job.paths.push(extent.source);
          job.pieces.push(extent.sourceOffset + piece.within, wanted, data.byteOffset + into);
          job.ids.push(dev, ino, size, mtimeMs);
          filled += wanted;
        }
      }
    }
    pool.clear(data, filled, data.length);
    if (options.hash) job.hash = { start: data.byteOffset, length: data.length };
    const read =
      job.paths.length > 0 || job.hash
        ? threads.fill(pool.memory, job, becameShorter)
        : Promise.resolve(undefined);
    read.catch(() => undefined); // awaited in order below; this only keeps it from being "unhandled"
    inFlight.push({ chunk: { offset: group.start, data }, read });
  };

  try {
    for (;;) {
      signal?.throwIfAborted();
      while (inFlight.length < ahead && pool.available > 0) {
        const group = source.take();
        if (!group) break;
        start(group);
      }
      const oldest = inFlight[0];
      if (!oldest) {
        if (source.ended) return;
        await (pool.available > 0 ? source.ready() : pool.whenFree());
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
