// Reads back every written block bypassing the page cache and compares it with the write-time hashes.

import { appError, type AppError } from '../../contract/errors';
import type { Plan } from '../image/plan';
import { AlignedPool } from './aligned-pool';
import { createHasher, hashBlock, type BlockHash } from './block-hashes';
import { withRetry } from './retry';
import { openTarget } from './target-file';

export interface VerifyRequest {
  plan: Plan;
  path: string;
  hashes: BlockHash[];
  /** Largest read. Default 4 MiB. */
  readSize?: number;
  direct?: boolean;
  retryDelays?: number[];
  signal?: AbortSignal;
  onVerified?: (bytesDone: number, bytesTotal: number) => void;
}

export interface VerifyOutcome {
  error?: AppError;
  bytesRead: number;
  /** False when the file system refused direct reads (the page cache may have answered). */
  direct: boolean;
}

interface Run {
  offset: number;
  length: number;
  blocks: BlockHash[];
}

/** Groups consecutive blocks into reads of at most `readSize` bytes. */
function* reads(hashes: BlockHash[], readSize: number): Generator<Run> {
  let run: Run | undefined;
  for (const block of hashes) {
    if (run && run.offset + run.length === block.offset && run.length + block.length <= readSize) {
      run.length += block.length;
      run.blocks.push(block);
    } else {
      if (run) yield run;
      run = { offset: block.offset, length: block.length, blocks: [block] };
    }
  }
  if (run) yield run;
}

export async function verifyTarget(request: VerifyRequest): Promise<VerifyOutcome> {
  const readSize = request.readSize ?? 4 * 1024 * 1024;
  const total = request.hashes.reduce((sum, b) => sum + b.length, 0);
  const hash = await createHasher();
  const pool = new AlignedPool(Math.max(readSize, hashBlock), 2);
  const file = await openTarget(request.path, { mode: 'verify', direct: request.direct ?? true }).catch(
    (thrown: unknown) => thrown as Error,
  );
  if (file instanceof Error)
    return {
      error: appError('E_DRIVE_GONE', `${request.path} could not be opened to verify it.`, {
        cause: file.message,
      }),
      bytesRead: 0,
      direct: false,
    };
  const bad: Array<{ offset: number; length: number }> = [];
  let bytesRead = 0;
  const retry = { ...(request.retryDelays ? { delays: request.retryDelays } : {}) };
  const load = (run: Run): { run: Run; data: Uint8Array; done: Promise<void> } => {
    const data = pool.allocate(run.length);
    return { run, data, done: withRetry(() => file.read(data, run.offset), retry) };
  };
  try {
    const pending = reads(request.hashes, readSize);
    let first = pending.next();
    // Double buffering: the next read is in flight while this one is hashed.
    let current = first.done ? undefined : load(first.value);
    while (current) {
      request.signal?.throwIfAborted();
      await current.done;
      first = pending.next();
      const ahead = first.done ? undefined : load(first.value);
      for (const block of current.run.blocks) {
        const at = block.offset - current.run.offset;
        if (hash(current.data.subarray(at, at + block.length)) !== block.hash) addRange(bad, block);
      }
      bytesRead += current.run.length;
      pool.release(current.data);
      request.onVerified?.(bytesRead, total);
      current = ahead;
    }
  } catch (thrown) {
    const cause = thrown instanceof Error ? thrown.message : String(thrown);
    const code = thrown instanceof Error && thrown.name === 'AbortError' ? 'E_CANCELLED' : 'E_DRIVE_GONE';
    return {
      error: appError(code, `Reading back ${request.path} stopped.`, { cause }),
      bytesRead,
      direct: file.direct,
    };
  } finally {
    await file.close().catch(() => undefined);
  }
  if (bad.length === 0) return { bytesRead, direct: file.direct };
  return { error: mismatchError(request.path, request.plan, bad), bytesRead, direct: file.direct };
}

function addRange(ranges: Array<{ offset: number; length: number }>, block: BlockHash): void {
  const last = ranges.at(-1);
  if (last && last.offset + last.length === block.offset) last.length += block.length;
  else ranges.push({ offset: block.offset, length: block.length });
}

/** Says which bytes differ and what the plan put there (files, FAT, boot sector...). */
export function mismatchError(
  path: string,
  plan: Plan,
  bad: Array<{ offset: number; length: number }>,
): AppError {
  const lines = bad.slice(0, 8).map(({ offset, length }) => {
    const labels = plan.extents
      .filter((e) => e.offset < offset + length && offset < e.offset + e.length)
      .map((e) => e.label);
    const shown = labels.slice(0, 5).join(', ') + (labels.length > 5 ? ` and ${labels.length - 5} more` : '');
    return `bytes ${offset}-${offset + length - 1} (${length} bytes): ${shown || 'free space'}`;
  });
  const more = bad.length > 8 ? `\n...and ${bad.length - 8} more ranges` : '';
  return appError(
    'E_VERIFY_MISMATCH',
    `${path} reads back differently from what was written, in ${bad.length} range(s):\n${lines.join('\n')}${more}`,
  );
}
