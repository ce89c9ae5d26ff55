// Opens an archive as a stream of tar bytes, whatever its compression (core/io/decompressor.ts).

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { appError, EngineError } from '../../errors';
import { installHint } from '../build/host-tools';
import { spawnDecompressor, type Compression as ToolCompression } from '../../io/decompressor';

export type Compression = 'none' | ToolCompression;

/** Tells the compression from the first bytes, whatever the file is called. */
export async function detectCompression(file: string): Promise<Compression> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(6);
    await handle.read(head, 0, 6, 0);
    if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
    if (head.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
    if (head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
    return 'none';
  } finally {
    await handle.close();
  }
}

export interface TarSource {
  stream: Readable;
  /** The raw file as it is read, for progress. */
  raw: Readable;
  /** Resolves when the decompressor (if a separate program) has exited cleanly. */
  done: Promise<void>;
  /** Stops reading and ends the decompressor at once (a refusal or a cap was reached). */
  stop: () => void;
}

/** The tar bytes inside `file`. */
export async function openTar(file: string, signal?: AbortSignal): Promise<TarSource> {
  const compression = await detectCompression(file);
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  if (compression === 'none') return { stream: raw, raw, done: Promise.resolve(), stop: () => raw.destroy() };
  const decompressor = spawnDecompressor(compression, raw, signal);
  const done = decompressor.done.then((failure) => {
    if (!failure) return;
    if (signal?.aborted) throw signal.reason;
    throw new EngineError(
      failure.missing
        ? appError(
            'E_TOOL_MISSING',
            `${file} is ${compression}-compressed and \`${failure.tool}\` is not installed.`,
            {
              hint: `Install it: ${installHint(failure.tool === 'xz' ? 'xz' : 'zstd')}`,
            },
          )
        : appError('E_ARCHIVE_BROKEN', `${file} could not be decompressed by ${failure.tool}`, {
            cause: failure.message,
          }),
    );
  });
  // A failed tool fails the stream too, so a reader waiting on it ends with the reason.
  done.catch((error: unknown) => decompressor.stream.destroy(error as Error));
  return { stream: decompressor.stream, raw, done, stop: decompressor.stop };
}
