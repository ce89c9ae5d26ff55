// Writes a plan into an image file: sized to the plan, holes wherever the plan has no extent.

import { open } from 'node:fs/promises';
import { toAppError } from '../errors';
import { fail, ok, type Result } from '../errors';
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

/**
 * Creates (or replaces) `file` as a sparse image of `plan.size` bytes and writes only the plan's
 * chunks, so a 32 GiB stick image of a 100 MB tree takes about 100 MB of disk space.
 */
export async function writePlanToFile(
  plan: Plan,
  file: string,
  options: WriteToFileOptions = {},
): Promise<Result<{ bytesWritten: number }>> {
  let handle;
  try {
    handle = await open(file, 'w');
  } catch (thrown) {
    return fail(toAppError(thrown, `creating the image file ${file}`));
  }
  let bytesWritten = 0;
  const totalBytes = planBytes(plan);
  try {
    await handle.truncate(plan.size);
    for await (const chunk of readPlanChunks(plan, { signal: options.signal })) {
      let done = 0;
      while (done < chunk.data.length) {
        const { bytesWritten: n } = await handle.write(
          chunk.data,
          done,
          chunk.data.length - done,
          chunk.offset + done,
        );
        done += n;
      }
      bytesWritten += chunk.data.length;
      options.onProgress?.({ bytesWritten: Math.min(bytesWritten, totalBytes), totalBytes });
    }
    return ok({ bytesWritten });
  } catch (thrown) {
    return fail(toAppError(thrown, `writing the image file ${file}`));
  } finally {
    await handle.close();
  }
}
