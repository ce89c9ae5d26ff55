// Writes a plan into an image file: sized to the plan, holes wherever the plan has no extent.

import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, realpath, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fail, ok, toAppError, type Result } from '../errors';
import { borrowPool, returnPool, type AlignedPool } from './aligned-pool';
import type { Chunk } from './chunks';
import type { IoThreads } from './io-threads';
import { readPlanChunksInParallel } from './parallel-chunks';
import { planBytes, type Plan } from './plan';

export interface StreamProgress {
  /** Bytes of the plan written so far, and in all. */
  bytesWritten: number;
  totalBytes: number;
}

export interface WriteToFileOptions {
  signal?: AbortSignal;
  onProgress?: (progress: StreamProgress) => void;
  /** The threads that read the sources (io-threads.ts), owned by the caller. */
  threads: IoThreads;
}

/** 1 MiB chunks: as fast as 4 MiB ones, in less memory (why: docs/COMPOSER.md §"Image files"). */
export const imageChunkSize = 1024 * 1024;
/** Chunks being read while others are written. */
export const imageReadAhead = 4;
const writesInFlight = 2;
const { O_WRONLY, O_CREAT, O_EXCL, O_TRUNC } = constants;

/**
 * Opens `file` new (`exclusive`) or emptied. Buffered, not O_DIRECT, like cp: an image is read again
 * soon (flashed, booted in QEMU). Why: docs/COMPOSER.md §"Image files".
 */
const openImage = (file: string, exclusive: boolean) =>
  open(file, O_WRONLY | O_CREAT | O_TRUNC | (exclusive ? O_EXCL : 0), 0o644);

async function writeAll(handle: FileHandle, data: Uint8Array, offset: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, offset + done);
    done += bytesWritten;
  }
}

/**
 * Opens where the new image is written: a hidden file beside `file`, renamed over it once whole, so
 * a write that fails or is cancelled leaves the image that was there as it was. In a folder we may
 * not create files in, `file` itself is written.
 */
async function openPartial(file: string): Promise<{ handle: FileHandle; path: string; target: string }> {
  const target = await realpath(file).catch(() => file); // a link to an image: replace the image
  const partial = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.partial`);
  try {
    return { handle: await openImage(partial, true), path: partial, target };
  } catch (thrown) {
    if (!['EACCES', 'EPERM', 'EROFS'].includes((thrown as NodeJS.ErrnoException).code ?? '')) throw thrown;
    return { handle: await openImage(target, false), path: target, target };
  }
}

/**
 * Creates (or replaces) `file` as a sparse image of `plan.size` bytes and writes only the plan's
 * chunks, so a 32 GiB stick image of a 100 MB tree takes about 100 MB of disk space. Source files
 * are read on the I/O threads (parallel-chunks.ts) while earlier chunks are written.
 */
export function writePlanToFile(
  plan: Plan,
  file: string,
  options: WriteToFileOptions,
): Promise<Result<{ bytesWritten: number }>> {
  const totalBytes = planBytes(plan);
  return writeChunksToFile(
    file,
    plan.size,
    (pool) => readPlanChunksInParallel(plan, { ...readOptions(options), pool }),
    { ...options, totalBytes: () => totalBytes },
  );
}

/** How an image's chunks are read: a few ahead, on the caller's threads. */
export const readOptions = ({ signal, threads }: WriteToFileOptions) => ({
  ahead: imageReadAhead,
  ...(signal ? { signal } : {}),
  threads,
});

/**
 * Writes the chunks `chunksOf` reads into the pool it is given to a new sparse image of `size`
 * bytes, beside `file`, and renames it over `file` once whole. `totalBytes` is the bytes all chunks
 * will hold, once known (progress is reported from then on).
 */
export async function writeChunksToFile(
  file: string,
  size: number,
  chunksOf: (pool: AlignedPool) => AsyncIterable<Chunk>,
  options: WriteToFileOptions & { totalBytes: () => number | undefined; ahead?: number },
): Promise<Result<{ bytesWritten: number }>> {
  let image: { handle: FileHandle; path: string; target: string };
  try {
    image = await openPartial(file);
  } catch (thrown) {
    return fail(toAppError(thrown, `creating the image file ${file}`));
  }
  const { handle, path, target } = image;
  // Closed once: awaited (errors count) when whole, quietly on the way out otherwise.
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= handle.close());
  let bytesWritten = 0;
  const writing = new Set<Promise<void>>();
  const pool = borrowPool(imageChunkSize, (options.ahead ?? imageReadAhead) + writesInFlight + 1);
  try {
    await handle.truncate(size);
    let failure: { error: unknown } | undefined;
    for await (const chunk of chunksOf(pool)) {
      if (writing.size >= writesInFlight) await Promise.race(writing);
      if (failure) throw failure.error;
      const write: Promise<void> = writeAll(handle, chunk.data, chunk.offset)
        .then(
          () => {
            bytesWritten += chunk.data.length;
            const totalBytes = options.totalBytes();
            if (totalBytes !== undefined)
              options.onProgress?.({ bytesWritten: Math.min(bytesWritten, totalBytes), totalBytes });
          },
          (error: unknown) => void (failure ??= { error }),
        )
        .finally(() => {
          writing.delete(write);
          pool.release(chunk.data);
        });
      writing.add(write);
    }
    await Promise.all(writing);
    if (failure) throw failure.error;
    await close();
    if (path !== target) await rename(path, target);
    return ok({ bytesWritten });
  } catch (thrown) {
    await Promise.allSettled(writing);
    await close().catch(() => undefined);
    // Half an image looks like a whole one to the next tool: remove it.
    await rm(path, { force: true });
    return fail(toAppError(thrown, `writing the image file ${file}`));
  } finally {
    await Promise.allSettled(writing);
    await close().catch(() => undefined);
    returnPool(pool);
  }
}
