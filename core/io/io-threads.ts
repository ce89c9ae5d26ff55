// The process's file-reading threads: they fill chunk buffers from source files, and hash them.

import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { appError, EngineError } from '../errors';
import { startWorker } from '../start-worker';
import type { JobBody, ThreadReply as Reply } from './io-thread.worker';
import { sourceChanged } from './source-file';
import { sourceReaderUid, sourceReads } from './source-rights';

/*
 * Why threads: streaming a tree of many small files costs system calls more than copying: an open,
 * a read and a close per file. On the main thread they ran one at a time, the disk idle between them
 * and the other core idle throughout. Two threads do them side by side (the Go tree's reads: 160 ms
 * on one thread, 90 ms on two; more threads did not help on two cores), while the main thread hands
 * chunks to the writers. The writer's XXH128 of each chunk is taken here too, by the thread that has
 * just read it: on the main thread it took a third of that thread's time and capped the write speed.
 * (Listing folders on these threads as well did not pay, neither a message per folder nor 64
 * folders per message: the Go tree's scan took 130-160 ms against 100-110 ms on the main thread,
 * and naming the nodes built from cloned listings was twice as slow. The scan stays on the main
 * thread.)
 *
 * The calls stay synchronous inside each thread: through libuv's pool an open/read/close costs
 * several times more. The threads live as long as the process (starting one costs 20-70 ms, as long
 * as reading the Go tree) and are unreferenced while idle, so they never keep it alive. They hold no
 * state: any job can go to any thread, and the least busy gets it. Each runs io-thread.worker.ts.
 */

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

const threads: Thread[] = [];
const waiters = new Map<number, Waiter>();
let nextJob = 0;

/** The default number of threads: the cores, at most 2 (more did not go faster). */
export const defaultThreads = (): number => Math.max(1, Math.min(2, availableParallelism()));

/**
 * Starts the threads now, so a caller that will need them soon does not wait for them then. Never
 * throws: a worker that cannot start (not built) is reported by the first job that needs it.
 */
export function startIoThreads(count = defaultThreads()): void {
  try {
    spawnThreads(count);
  } catch {
    // post() starts them again and rejects with the reason.
  }
}

function spawnThreads(count: number): void {
  while (threads.length < count) {
    const worker = startWorker('io-thread');
    const thread: Thread = { worker, queued: 0 };
    worker.on('message', settle);
    worker.on('error', (error) => failThread(thread, error));
    if (waiters.size === 0) worker.unref();
    threads.push(thread);
  }
}

/** A reply being awaited must keep the process alive; idle threads must not. */
const holdProcess = (hold: boolean): void => {
  for (const t of threads) {
    if (hold) t.worker.ref();
    else t.worker.unref();
  }
};

function settle(reply: Reply): void {
  const waiter = waiters.get(reply.id);
  if (!waiter) return;
  waiters.delete(reply.id);
  waiter.thread.queued -= waiter.files;
  if (waiters.size === 0) holdProcess(false);
  if (reply.changed) waiter.reject(sourceChanged(reply.changed.path, reply.changed.why));
  else if (reply.shorter !== undefined && waiter.shorter) waiter.reject(waiter.shorter(reply.shorter));
  else if (reply.error) waiter.reject(threadError(reply.error));
  else waiter.resolve(reply);
}

/** A thread died (it should not): its jobs fail, and a new thread replaces it next time. */
function failThread(thread: Thread, error: Error): void {
  threads.splice(threads.indexOf(thread), 1);
  const failure = new EngineError(
    appError('E_INTERNAL', 'A file-reading thread stopped.', { cause: error.message }),
  );
  for (const [id, waiter] of waiters)
    if (waiter.thread === thread) {
      waiters.delete(id);
      waiter.reject(failure);
    }
  if (waiters.size === 0) holdProcess(false);
}

/** A chunk's file ranges: per path, (position in the file, length, byte offset in shared memory). */
export interface FillJob {
  paths: string[];
  pieces: number[];
  /** Per path, its SourceId as (dev, ino, size, mtimeMs): a file that is not that one is not read. */
  ids: number[];
  /** Byte range of shared memory to XXH128 once the files are read (the whole chunk), if wanted. */
  hash?: { start: number; length: number };
}

/** Posts `message` to the least busy of the first `count` threads; `files` is what it will open. */
function post(
  count: number,
  files: number,
  message: JobBody,
  transfer: ArrayBuffer[],
  shorter?: (path: string) => Error,
): Promise<Reply> {
  spawnThreads(count);
  const thread = threads.slice(0, count).reduce((a, b) => (b.queued < a.queued ? b : a));
  const id = nextJob++;
  if (waiters.size === 0) holdProcess(true);
  thread.queued += files;
  return new Promise((resolve, reject) => {
    waiters.set(id, { thread, files, resolve, reject, ...(shorter ? { shorter } : {}) });
    thread.worker.postMessage({ id, ...message }, transfer);
  });
}

/**
 * Reads a job's file ranges into `memory` on the least busy of the first `count` threads, then
 * hashes the range asked for. Resolves with the hash (hex), or rejects with the errno error an open
 * or read threw, or with `shorter(path)` when a file ended early.
 */
export async function fillOnThread(
  count: number,
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
    const reply = await post(count, job.paths.length + 1, message, transfer, shorter);
    return reply.hashes?.[0];
  } finally {
    release();
  }
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

/**
 * Reads `length` bytes at `position` of `fd` into `memory` on a thread, and hashes the ranges asked
 * for there. Past the end of the file the bytes are zero and `ended` says where the file ended.
 * Rejects with the errno error the read threw (EIO, EINVAL...).
 */
export async function readOnThread(
  count: number,
  memory: SharedArrayBuffer,
  job: ReadJob,
): Promise<{ hashes: string[]; ended?: number }> {
  const { fd, position, length, into } = job;
  const hashes = job.hashes.flatMap((r) => [r.start, r.length]);
  const reply = await post(count, 1, { memory, fd, position, length, into, hashes }, []);
  return { hashes: reply.hashes ?? [], ...(reply.ended === undefined ? {} : { ended: reply.ended }) };
}
