// Writes a plan into an image file: sized to the plan, holes wherever the plan has no extent.

import { open, rm, type FileHandle } from 'node:fs/promises';
import { fail, ok, toAppError, type Result } from '../errors';
import { readPlanChunks } from './chunks';
import { planBytes, type Plan } from './plan';

export interface StreamProgress {
  /** Bytes of the plan written so far, and in all. */
  bytesWritten: number;
  totalBytes: number;
}

export interface WriteToFileOptions {
  signal?: AbortSignal;
  onProgress?: (progress: StreamProgress) => void;
}

const chunkSize = 4 * 1024 * 1024;

async function writeAll(handle: FileHandle, data: Uint8Array, offset: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, offset + done);
    done += bytesWritten;
  }
}

/**
 * Creates (or replaces) `file` as a sparse image of `plan.size` bytes and writes only the plan's
 * chunks, so a 32 GiB stick image of a 100 MB tree takes about 100 MB of disk space.
 */
export async function writePlanToFile(
  plan: Plan,
  file: string,
  options: WriteToFileOptions = {},
): Promise<Result<{ bytesWritten: number }>> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'w');
  } catch (thrown) {
    return fail(toAppError(thrown, `creating the image file ${file}`));
  }
  let bytesWritten = 0;
  const totalBytes = planBytes(plan);
  // One write in flight while the next chunk is read, so reading and writing overlap.
  let writing: Promise<void> = Promise.resolve();
  try {
    await handle.truncate(plan.size);
    // Three buffers in turn: one being written, one being filled, one spare; no garbage per chunk.
    const pool: Uint8Array[] = [];
    let turn = 0;
    const allocate = (size: number): Uint8Array => {
      const slot = turn++ % 3;
      const buffer = pool[slot] ?? (pool[slot] = new Uint8Array(chunkSize));
      const view = buffer.subarray(0, size);
      if (turn > 3) view.fill(0);
      return view;
    };
    for await (const chunk of readPlanChunks(plan, { signal: options.signal, chunkSize, allocate })) {
      await writing;
      writing = writeAll(handle, chunk.data, chunk.offset).then(() => {
        bytesWritten += chunk.data.length;
        options.onProgress?.({ bytesWritten: Math.min(bytesWritten, totalBytes), totalBytes });
      });
      writing.catch(() => undefined); // awaited on the next turn or below; not "unhandled" meanwhile
    }
    await writing;
    return ok({ bytesWritten });
  } catch (thrown) {
    await writing.catch(() => undefined);
    await handle.close();
    // Half an image looks like a whole one to the next tool: remove it.
    await rm(file, { force: true });
    return fail(toAppError(thrown, `writing the image file ${file}`));
  } finally {
    await writing.catch(() => undefined);
    await handle.close().catch(() => undefined);
  }
}
