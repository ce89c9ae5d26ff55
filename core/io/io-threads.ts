// The process's file-reading threads: they fill chunk buffers from source files, and hash them.

import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { appError, EngineError } from '../errors';
import { startWorker } from '../start-worker';
import type { JobBody, ThreadReply as Reply } from './io-thread.worker';
import { sourceChanged } from './source-file';
import { sourceReaderUid, sourceReads } from './source-rights';

// Each thread runs io-thread.worker.ts, holds no state (the least busy gets the next job) and is
// unreferenced while idle. Why threads, synchronous calls in them, and the hash taken there: see
// docs/COMPOSER.md §"The I/O threads".

/** A failure inside a thread, rebuilt as the Error (with its errno code) the call threw there. */
const threadError = ({ message, code }: { message: string; code?: string }): Error =>
  Object.assign(new Error(message), code ? { code } : {});

interface Thread {
  worker: Worker;
  /** Files of the jobs it has not answered yet: new jobs go to the thread with the fewest. */
  queued: number;
}

interface Waiter {
  thread: Thread;
  files: number;
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
  shorter?: (path: string) => Error;
}

/** The default number of threads: the cores, at most 2 (more did not go faster). */
export const defaultThreads = (): number => Math.max(1, Math.min(2, availableParallelism()));

/** A chunk's file ranges: per path, (position in the file, length, byte offset in shared memory). */
export interface FillJob {
  paths: string[];
  pieces: number[];
  /** Per path, its SourceId as (dev, ino, size, mtimeMs): a file that is not that one is not read. */
  ids: number[];
  /** Byte range of shared memory to XXH128 once the files are read (the whole chunk), if wanted. */
  hash?: { start: number; length: number };
}

/** One read from an open descriptor into shared memory, and the blocks of it to hash. */
export interface ReadJob {
  /** A descriptor of this process, opened (and closed) by the caller; threads share it. */
  fd: number;
  position: number;
  length: number;
  /** Byte offset in shared memory to read into. */
  into: number;
  /** Ranges of shared memory (start, length) to XXH128 once read. */
  hashes: Array<{ start: number; length: number }>;
}

/** A set of file-reading threads; whoever creates it owns it and may close it. */
export interface IoThreads {
  /** How many threads it runs. */
  readonly count: number;
  /**
   * Reads a job's file ranges into `memory` on the least busy thread, then hashes the range asked
   * for. Resolves with the hash (hex), or rejects with the errno error an open or read threw, or
   * with `shorter(path)` when a file ended early.
   */
  fill(
    memory: SharedArrayBuffer,
    job: FillJob,
    shorter: (path: string) => Error,
  ): Promise<string | undefined>;
  /**
   * Reads `length` bytes at `position` of `fd` into `memory` on a thread, and hashes the ranges asked
   * for there. Past the end of the file the bytes are zero and `ended` says where the file ended.
   * Rejects with the errno error the read threw (EIO, EINVAL...).
   */
  read(memory: SharedArrayBuffer, job: ReadJob): Promise<{ hashes: string[]; ended?: number }>;
  /** Stops the threads; jobs still waiting fail. A later job starts them again. */
  close(): Promise<void>;
}

/**
 * Starts `count` threads now, so they are up by the time the first chunk is read (a thread that
 * cannot start, as when not built, is reported by the first job that needs it). Idle threads never
 * keep the process alive.
 */
export function createIoThreads(count = defaultThreads()): IoThreads {
  const pool = new ThreadPool(count);
  try {
    pool.spawn();
  } catch {
    // post() starts them again and rejects with the reason.
  }
  return pool;
}

class ThreadPool implements IoThreads {
  readonly #threads: Thread[] = [];
  readonly #waiters = new Map<number, Waiter>();
  #nextJob = 0;

  constructor(readonly count: number) {}

  spawn(): void {
    while (this.#threads.length < this.count) {
      const worker = startWorker('io-thread');
      const thread: Thread = { worker, queued: 0 };
      worker.on('message', (reply: Reply) => this.#settle(reply));
      worker.on('error', (error) => this.#failThread(thread, error));
      if (this.#waiters.size === 0) worker.unref();
      this.#threads.push(thread);
    }
  }

  async fill(
    memory: SharedArrayBuffer,
    job: FillJob,
    shorter: (path: string) => Error,
  ): Promise<string | undefined> {
    const pieces = Float64Array.from(job.pieces);
    const ids = Float64Array.from(job.ids);
    const hashes = job.hash ? [job.hash.start, job.hash.length] : undefined;
    // In the privileged writer, files are opened with the invoking user's rights (source-rights.ts).
    const release = job.paths.length > 0 ? await sourceReads() : () => undefined;
    try {
      const asUid = job.paths.length > 0 ? sourceReaderUid() : undefined;
      const message = { memory, paths: job.paths, pieces, ids, hashes, asUid };
      const transfer = [pieces.buffer as ArrayBuffer, ids.buffer as ArrayBuffer];
      const reply = await this.#post(job.paths.length + 1, message, transfer, shorter);
      return reply.hashes?.[0];
    } finally {
      release();
    }
  }

  async read(memory: SharedArrayBuffer, job: ReadJob): Promise<{ hashes: string[]; ended?: number }> {
    const { fd, position, length, into } = job;
    const hashes = job.hashes.flatMap((r) => [r.start, r.length]);
    const reply = await this.#post(1, { memory, fd, position, length, into, hashes }, []);
    return { hashes: reply.hashes ?? [], ...(reply.ended === undefined ? {} : { ended: reply.ended }) };
  }

  async close(): Promise<void> {
    const threads = this.#threads.splice(0);
    const stopped = new EngineError(appError('E_INTERNAL', 'The file-reading threads were stopped.'));
    for (const [id, waiter] of this.#waiters) {
      this.#waiters.delete(id);
      waiter.reject(stopped);
    }
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  /** A reply being awaited must keep the process alive; idle threads must not. */
  #holdProcess(hold: boolean): void {
    for (const t of this.#threads) {
      if (hold) t.worker.ref();
      else t.worker.unref();
    }
  }

  #settle(reply: Reply): void {
    const waiter = this.#waiters.get(reply.id);
    if (!waiter) return;
    this.#waiters.delete(reply.id);
    waiter.thread.queued -= waiter.files;
    if (this.#waiters.size === 0) this.#holdProcess(false);
    if (reply.changed) waiter.reject(sourceChanged(reply.changed.path, reply.changed.why));
    else if (reply.shorter !== undefined && waiter.shorter) waiter.reject(waiter.shorter(reply.shorter));
    else if (reply.error) waiter.reject(threadError(reply.error));
    else waiter.resolve(reply);
  }

  /** A thread died (it should not): its jobs fail, and a new thread replaces it next time. */
  #failThread(thread: Thread, error: Error): void {
    const at = this.#threads.indexOf(thread);
    if (at >= 0) this.#threads.splice(at, 1);
    const failure = new EngineError(
      appError('E_INTERNAL', 'A file-reading thread stopped.', { cause: error.message }),
    );
    for (const [id, waiter] of this.#waiters)
      if (waiter.thread === thread) {
        this.#waiters.delete(id);
        waiter.reject(failure);
      }
    if (this.#waiters.size === 0) this.#holdProcess(false);
  }

  /** Posts `message` to the least busy thread; `files` is what it will open. */
  #post(
    files: number,
    message: JobBody,
    transfer: ArrayBuffer[],
    shorter?: (path: string) => Error,
  ): Promise<Reply> {
    this.spawn();
    const thread = this.#threads.reduce((a, b) => (b.queued < a.queued ? b : a));
    const id = this.#nextJob++;
    if (this.#waiters.size === 0) this.#holdProcess(true);
    thread.queued += files;
    return new Promise((resolve, reject) => {
      this.#waiters.set(id, { thread, files, resolve, reject, ...(shorter ? { shorter } : {}) });
      thread.worker.postMessage({ id, ...message }, transfer);
    });
  }
}
