// How much an archive may expand to: decompression bombs stop while streaming, before the disk fills.

import { statfs } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { appError, EngineError } from '../../errors';

export interface ExtractLimits {
  /** Most tar bytes (headers, data, padding) read out of the decompressor. */
  maxBytes: number;
  /** Most entries (files and folders). */
  maxEntries: number;
}

/**
 * A root is about 0.5-2 GB in 15,000-40,000 entries; these leave room for much larger ones while a
 * bomb stops after at most 16 GiB (and never past the free space, see `boundByFreeSpace`).
 */
export const defaultExtractLimits: ExtractLimits = { maxBytes: 16 * 1024 ** 3, maxEntries: 1_000_000 };

/** Free space kept on the destination's file system, so extracting never fills it. */
export const reserveBytes = 256 * 1024 ** 2;

export interface ByteBudget {
  bytes: number;
  /** Why that many: the limit, or the free space. */
  why: 'limit' | 'space';
}

/** The byte budget: the limit, or the free space on `dir`'s file system less the reserve, if smaller. */
export async function boundByFreeSpace(dir: string, maxBytes: number): Promise<ByteBudget> {
  const fs = await statfs(dir).catch(() => null);
  const free = fs ? fs.bavail * fs.bsize - reserveBytes : Infinity;
  return free < maxBytes ? { bytes: Math.max(0, free), why: 'space' } : { bytes: maxBytes, why: 'limit' };
}

export function tooLarge(archive: string, budget: ByteBudget): EngineError {
  const gib = (n: number) => `${(n / 1024 ** 3).toFixed(2)} GiB`;
  return budget.why === 'space'
    ? new EngineError(
        appError(
          'E_NO_SPACE',
          `${archive} expands to more than the ${gib(budget.bytes)} free; nothing was kept.`,
        ),
      )
    : new EngineError(
        appError(
          'E_ARCHIVE_UNSAFE',
          `${archive} expands to more than ${gib(budget.bytes)}; nothing was kept.`,
          {
            hint: 'A root is a few GB at most. Do not use this archive unless you know why it is this large.',
          },
        ),
      );
}

/** Passes bytes through, failing the stream as soon as more than `budget.bytes` have come. */
export function byteCap(archive: string, budget: ByteBudget): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > budget.bytes) return done(tooLarge(archive, budget));
      done(null, chunk);
    },
  });
}
