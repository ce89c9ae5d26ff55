// Writes one plan to 1..N targets in one composition pass: each chunk read once, written to all.

import { appError, type AppError } from '../../contract/errors';
import { toAppError } from '../errors';
import { planBytes, type Plan } from '../io/plan';
import { AlignedPool, borrowPool, returnPool } from '../io/aligned-pool';
import type { IoThreads } from '../io/io-threads';
import { readPlanChunksInParallel } from '../io/parallel-chunks';
import { createHasher, hashBlock, hashBlocks, type BlockHash } from './block-hashes';
import { withRetry } from '../io/retry';
import { openTarget } from '../io/target-file';
import { describeWriteError, TargetRun } from './target-run';
import { headSize } from './zero-head';

/** The first MiB holds the partition table and boot sectors; it is written last. */
export { headSize } from './zero-head';

export interface WriteRequest {
  plan: Plan;
  /** Device paths or image file paths (created or emptied, sized to `plan.size`). */
  targets: string[];
  /** Largest chunk (1-4 MiB). Default 4 MiB. */
  chunkSize?: number;
  /** Chunks in flight per slow target before the composition pass waits for it. Default 4. */
  queueDepth?: number;
  /** Try direct I/O (default true). */
  direct?: boolean;
  retryDelays?: number[];
  /** A target whose write has not returned for this long is dropped as gone. Default 120 s. */
  stallTimeout?: number;
  signal?: AbortSignal;
  /** Bytes written so far on one target. */
  onWritten?: (target: string, bytesDone: number, bytesTotal: number) => void;
  /** The threads that read and hash the sources (io-threads.ts). */
  threads: IoThreads;
}

export interface TargetWriteOutcome {
  path: string;
  error?: AppError;
  bytesWritten: number;
  direct: boolean;
  /** On failure or cancel: whether the first MiB now holds zeros (so it never looks valid). */
  firstMiBZeroed?: boolean;
}

export interface WriteOutcome {
  targets: TargetWriteOutcome[];
  /** XXH128 of every 64 KiB block written, for the verifier. */
  hashes: BlockHash[];
  /** Bytes of the composition streamed (once, whatever the number of targets). */
  bytesComposed: number;
  cancelled: boolean;
}

/** Chunks read ahead of the writers. */
const readAhead = 4;

export async function writePlan(request: WriteRequest): Promise<WriteOutcome> {
  const { plan, signal } = request;
  const chunkSize = request.chunkSize ?? 4 * 1024 * 1024;
  // Room for the chunks being read, the queue, and two stuck writes per target, so hung sticks
  // cannot starve the rest.
  const pool = borrowPool(chunkSize, readAhead + (request.queueDepth ?? 4) + 1 + 2 * request.targets.length);
  const special = new AlignedPool(headSize, 2);
  const zeros = special.allocate(headSize);
  const head = special.allocate(headSize);
  const headRanges: Array<{ offset: number; length: number }> = [];
  const hash = await createHasher();
  const hashes: BlockHash[] = [];
  const total = planBytes(plan);

  const outcomes: TargetWriteOutcome[] = [];
  const runs: TargetRun[] = [];
  for (const path of request.targets) {
    try {
      // Right after unmounting, udev and blkid may still hold the device for a moment (EBUSY).
      const file = await withRetry(
        () => openTarget(path, { mode: 'write', size: plan.size, direct: request.direct ?? true }),
        { ...(request.retryDelays ? { delays: request.retryDelays } : {}), ...(signal ? { signal } : {}) },
      );
      // A device's old partition table goes first, so a stick cut off mid-write never looks valid.
      if (file.isDevice) await file.write(zeros.subarray(0, Math.min(headSize, plan.size)), 0);
      let done = 0;
      runs.push(
        new TargetRun(file, {
          ...(request.retryDelays ? { retryDelays: request.retryDelays } : {}),
          ...(signal ? { signal } : {}),
          onWritten: (bytes) => {
            done += bytes;
            request.onWritten?.(path, Math.min(done, total), total);
          },
        }),
      );
    } catch (thrown) {
      const error = describeOpenError(thrown, path);
      outcomes.push({ path, error, bytesWritten: 0, direct: false });
    }
  }

  const live = (): TargetRun[] => runs.filter((r) => r.alive);
  let bytesComposed = 0;
  let cancelled = false;
  // A stick that hangs is dropped; the others must neither wait for it nor run out of buffers.
  const stopWatching = watchForHangs(runs, request.stallTimeout ?? 120_000);
  // Source files are read and hashed on the I/O threads, a few chunks ahead of the writers.
  const chunks = readPlanChunksInParallel(plan, {
    pool,
    chunkSize,
    align: 4096,
    ahead: readAhead,
    hash: chunkSize <= hashBlock,
    signal,
    threads: request.threads,
  });
  try {
    for (;;) {
      if (live().length === 0 || signal?.aborted) break;
      const next = await chunks.next();
      if (next.done) break;
      const { offset, data, hash: taken } = next.value;
      bytesComposed += data.length;
      if (taken !== undefined) hashes.push({ offset, length: data.length, hash: taken });
      else hashBlocks(hash, offset, data, hashes);
      let at = 0;
      if (offset < headSize) {
        at = Math.min(headSize - offset, data.length);
        head.set(data.subarray(0, at), offset);
        headRanges.push({ offset, length: at });
      }
      const targets = live();
      let holders = targets.length;
      const release = (): void => {
        holders -= 1;
        if (holders === 0) pool.release(data);
      };
      if (at === data.length || holders === 0) {
        pool.release(data);
        continue;
      }
      for (const run of targets) run.enqueue(offset + at, data.subarray(at), release);
    }
  } catch (thrown) {
    // A source that could not be read (or was not the file scanned, F1) fails every target with its
    // reason; their heads are zeroed below like any failed target's.
    if (!(thrown instanceof Error && thrown.name === 'AbortError')) {
      const error = toAppError(thrown, 'Reading the files to write stopped.');
      for (const run of runs) run.drop(error);
    }
  } finally {
    await chunks.return(undefined);
  }
  cancelled = signal?.aborted ?? false;
  if (cancelled) {
    const error = appError('E_CANCELLED', 'The write was cancelled.');
    for (const run of runs) run.drop(error);
  }
  await Promise.all(runs.map((r) => r.drained()));

  const headStarted = new Set<TargetRun>();
  await Promise.all(
    runs.map(async (run) => {
      if (run.hung) {
        // Its handle is closed whenever the stuck write returns, if ever; nobody waits for that.
        void run.settled().then(() => run.file.close().catch(() => undefined));
        outcomes.push({
          path: run.path,
          error: run.failure,
          bytesWritten: run.bytesWritten,
          direct: run.file.direct,
          firstMiBZeroed: false,
        });
        return;
      }
      if (run.alive) {
        headStarted.add(run);
        for (const { offset, length } of headRanges)
          if (!(await run.writeNow(head.subarray(offset, offset + length), offset))) break;
        if (run.alive)
          await run.file.flush().catch((e: unknown) => run.drop(describeWriteError(e, run.path, 0, 0)));
      }
      const outcome: TargetWriteOutcome = {
        path: run.path,
        bytesWritten: run.bytesWritten,
        direct: run.file.direct,
      };
      if (!run.alive) {
        outcome.error = run.failure;
        // An image file's first MiB is still a hole (zeros) until the head is written.
        outcome.firstMiBZeroed =
          (await zeroHead(run, zeros.subarray(0, Math.min(headSize, plan.size)))) ||
          (!run.file.isDevice && !headStarted.has(run));
      } else {
        outcome.bytesWritten += headRanges.reduce((sum, r) => sum + r.length, 0);
      }
      await run.file.close().catch(() => undefined);
      outcomes.push(outcome);
    }),
  );
  stopWatching();
  returnPool(pool); // kept only if no hung write still holds a slot
  const order = new Map(request.targets.map((p, i) => [p, i]));
  outcomes.sort((a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0));
  return { targets: outcomes, hashes, bytesComposed, cancelled };
}

/** Checks every second for a write that has not returned in `stallTimeout`, and drops its target. */
function watchForHangs(runs: TargetRun[], stallTimeout: number): () => void {
  const timer = setInterval(
    () => {
      const now = Date.now();
      for (const run of runs)
        if (!run.hung && run.busySince !== undefined && now - run.busySince >= stallTimeout)
          run.dropHung(
            appError(
              'E_DRIVE_GONE',
              `${run.path} stopped responding: one write took over ${stallTimeout / 1000} s.`,
            ),
          );
    },
    Math.min(1000, stallTimeout),
  );
  timer.unref();
  return () => clearInterval(timer);
}

/** Zeroes the first MiB of a target that did not finish, so it never looks like a valid stick. */
async function zeroHead(run: TargetRun, zeros: Uint8Array): Promise<boolean> {
  try {
    await run.file.write(zeros, 0);
    await run.file.flush();
    return true;
  } catch {
    return false;
  }
}

function describeOpenError(thrown: unknown, path: string): AppError {
  const errno = (thrown as NodeJS.ErrnoException | undefined)?.code;
  const cause = thrown instanceof Error ? thrown.message : String(thrown);
  if (errno === 'EBUSY')
    return appError('E_DRIVE_BUSY', `${path} is mounted or open in another program; nothing was written.`, {
      cause,
    });
  if (errno === 'EROFS')
    return appError('E_DRIVE_READ_ONLY', `${path} is read-only; nothing was written.`, { cause });
  if (errno === 'EACCES' || errno === 'EPERM')
    return appError('E_ELEVATION', `No permission to open ${path} for writing; nothing was written.`, {
      cause,
    });
  if (errno === 'ENOENT' || errno === 'ENXIO')
    return appError('E_DRIVE_GONE', `${path} is not there any more; nothing was written.`, { cause });
  return appError('E_WRITE', `${path} could not be opened for writing; nothing was written.`, { cause });
}
