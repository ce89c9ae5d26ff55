// One file-reading thread of io-threads.ts: fills shared memory from source files or a descriptor, and hashes it.

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { IHasher } from 'hash-wasm';
import { createXXHash128 } from './xxh128';
import { noFollow, sourceDifference } from './source-file';

/** Source files to read: per path, (position, length, offset in memory) and its SourceId. */
interface FilesRead {
  paths: string[];
  pieces: Float64Array;
  /** (dev, ino, size, mtimeMs) per path: a file that is not that one is not read. */
  ids: Float64Array;
  /** The uid source files must be opened as (the privileged writer), checked before any open. */
  asUid?: number | undefined;
}

/** One read of a descriptor the caller opened. */
interface DescriptorRead {
  fd: number;
  position: number;
  length: number;
  into: number;
}

/** A job as io-threads.ts posts it, without its id; `hashes` are (start, length) pairs to XXH128. */
export type JobBody = { memory: SharedArrayBuffer; hashes?: number[] | undefined } & (
  FilesRead | DescriptorRead
);

export interface ThreadReply {
  id: number;
  /** A source file that ended before its pieces did. */
  shorter?: string;
  /** A source that is not the file scanned (source-file.ts), and why. */
  changed?: { path: string; why: string };
  error?: { message: string; code?: string };
  /** XXH128 (hex) of each range the job asked for. */
  hashes?: string[];
  /** Where a descriptor read found the end of the file, when it came before the end of the read. */
  ended?: number;
}

type Outcome = Omit<ThreadReply, 'id'>;

const errorOf = (thrown: unknown): Outcome => {
  const error = thrown as NodeJS.ErrnoException;
  return {
    error: { message: String(error?.message ?? error), ...(error?.code ? { code: error.code } : {}) },
  };
};

/** source-file.ts's openSource, answering with why instead of throwing: no final link, the same file. */
function openChecked(path: string, ids: Float64Array, i: number): { fd: number } | { changed: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | noFollow);
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') return { changed: 'it is a symbolic link now' };
    throw thrown;
  }
  const id = {
    dev: ids[4 * i] ?? 0,
    ino: ids[4 * i + 1] ?? 0,
    size: ids[4 * i + 2] ?? 0,
    mtimeMs: ids[4 * i + 3] ?? 0,
  };
  const why = sourceDifference(id, fstatSync(fd));
  if (why === undefined) return { fd };
  closeSync(fd);
  return { changed: why };
}

function readFiles(memory: Uint8Array, { paths, pieces, ids, asUid }: FilesRead): Outcome {
  // The rights switch reaches every thread (glibc); this checks it did before any open.
  if (asUid !== undefined && process.geteuid?.() !== asUid)
    return { error: { message: `a source read would run as uid ${process.geteuid?.()}, not ${asUid}` } };
  let fd = -1;
  let open: string | undefined;
  try {
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i] as string;
      const position = pieces[3 * i] ?? 0;
      const length = pieces[3 * i + 1] ?? 0;
      const into = pieces[3 * i + 2] ?? 0;
      if (path !== open) {
        if (fd >= 0) closeSync(fd);
        fd = -1;
        open = path;
        const opened = openChecked(path, ids, i);
        if ('changed' in opened) return { changed: { path, why: opened.changed } };
        fd = opened.fd;
      }
      for (let done = 0; done < length;) {
        const n = readSync(fd, memory, into + done, length - done, position + done);
        if (n === 0) return { shorter: path };
        done += n;
      }
    }
    return {};
  } catch (thrown) {
    return errorOf(thrown);
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

function readAt(memory: Uint8Array, { fd, position, length, into }: DescriptorRead): Outcome {
  for (let done = 0; done < length;) {
    const n = readSync(fd, memory, into + done, length - done, position + done);
    if (n === 0) {
      memory.fill(0, into + done, into + length);
      return { ended: position + done };
    }
    done += n;
  }
  return {};
}

let hasher: Promise<IHasher> | undefined;

async function hashRanges(memory: Uint8Array, ranges: number[]): Promise<string[]> {
  hasher ??= createXXHash128();
  const h = await hasher;
  const hashes: string[] = [];
  for (let i = 0; i + 1 < ranges.length; i += 2) {
    const start = ranges[i] as number;
    hashes.push(
      h
        .init()
        .update(memory.subarray(start, start + (ranges[i + 1] as number)))
        .digest('hex'),
    );
  }
  return hashes;
}

async function run(job: JobBody & { id: number }): Promise<ThreadReply> {
  const memory = new Uint8Array(job.memory);
  let result: Outcome;
  try {
    result = 'fd' in job ? readAt(memory, job) : readFiles(memory, job);
  } catch (thrown) {
    result = errorOf(thrown);
  }
  if (job.hashes && !result.shorter && !result.changed && !result.error)
    result.hashes = await hashRanges(memory, job.hashes);
  return { id: job.id, ...result };
}

const port = parentPort;
if (!port) throw new Error('io-thread.worker.ts runs only as a worker thread (io-threads.ts starts it).');
// One job at a time, in order: the calls inside are synchronous, and a thread is one of a pool.
let queue = Promise.resolve();
port.on('message', (job: JobBody & { id: number }) => {
  queue = queue
    .then(() => run(job))
    .then((reply) => port.postMessage(reply))
    .catch((thrown: unknown) => port.postMessage({ id: job.id, ...errorOf(thrown) }));
});
