// One target's side of a multi-target write: its own queue, its own failure, never anyone else's.

import { existsSync } from 'node:fs';
import { appError, type AppError } from '../../contract/errors';
import { withRetry } from '../io/retry';
import type { TargetFile } from '../io/target-file';

interface Queued {
  offset: number;
  data: Uint8Array;
  /** Hands the chunk's buffer back (once every target is done with it). */
  release: () => void;
}

export class TargetRun {
  readonly #queue: Queued[] = [];
  readonly #pumps = new Set<Promise<void>>();
  /** Start times of the writes in flight. */
  readonly #started = new Set<number>();
  failure: AppError | undefined;
  bytesWritten = 0;

  constructor(
    readonly file: TargetFile,
    readonly options: {
      retryDelays?: number[];
      onWritten?: (bytes: number) => void;
      signal?: AbortSignal;
      /** Writes in flight at once. Two keep a fast disk busy between requests; a stick queues them. */
      inFlight?: number;
    },
  ) {}

  /** When the oldest write in flight started, for the stall watchdog. */
  get busySince(): number | undefined {
    return this.#started.size ? Math.min(...this.#started) : undefined;
  }

  get path(): string {
    return this.file.path;
  }

  get alive(): boolean {
    return this.failure === undefined;
  }

  enqueue(offset: number, data: Uint8Array, release: () => void): void {
    if (!this.alive) return release();
    this.#queue.push({ offset, data, release });
    if (this.#pumps.size < (this.options.inFlight ?? 2)) {
      const pump: Promise<void> = this.#pump().finally(() => this.#pumps.delete(pump));
      this.#pumps.add(pump);
    }
  }

  /** Resolves when every queued chunk is written or dropped, or at once for a target that hung. */
  async drained(): Promise<void> {
    while (this.#pumps.size > 0 && !this.hung)
      await Promise.race([Promise.all(this.#pumps), this.#hungSignal]);
  }

  /** Set when a write never came back: nothing more is asked of this target (no zeroing, no close). */
  hung = false;
  #markHung: () => void = () => undefined;
  readonly #hungSignal = new Promise<void>((resolve) => (this.#markHung = resolve));

  /** Resolves whenever the writes in flight finally return (a hung target's, in the background). */
  async settled(): Promise<void> {
    await Promise.all([...this.#pumps]);
  }

  /** Drops a target whose write has not returned: its buffers go back, nobody waits for it. */
  dropHung(error: AppError): void {
    this.hung = true;
    this.drop(error);
    this.#markHung();
  }

  /** Marks the target failed and gives back every chunk it still holds; the others go on. */
  drop(error: AppError): void {
    this.failure ??= error;
    for (const item of this.#queue.splice(0)) item.release();
  }

  /** Writes outside the queue (the held first MiB, zeroing), with the same retries and error naming. */
  async writeNow(data: Uint8Array, offset: number): Promise<boolean> {
    try {
      await withRetry(() => this.file.write(data, offset), this.#retryOptions());
      return true;
    } catch (thrown) {
      this.failure ??= describeWriteError(thrown, this.path, offset, data.length);
      return false;
    }
  }

  async #pump(): Promise<void> {
    for (let item = this.#queue.shift(); item; item = this.#queue.shift()) {
      const { offset, data, release } = item;
      const started = Date.now() + Math.random(); // distinct keys for writes started together
      try {
        if (!this.alive) continue;
        this.#started.add(started);
        await withRetry(() => this.file.write(data, offset), this.#retryOptions());
        this.bytesWritten += data.length;
        this.options.onWritten?.(data.length);
      } catch (thrown) {
        this.drop(describeWriteError(thrown, this.path, offset, data.length));
      } finally {
        this.#started.delete(started);
        release();
      }
    }
  }

  #retryOptions(): { delays?: number[]; signal?: AbortSignal } {
    const options: { delays?: number[]; signal?: AbortSignal } = {};
    if (this.options.retryDelays) options.delays = this.options.retryDelays;
    if (this.options.signal) options.signal = this.options.signal;
    return options;
  }
}

/** Names a failed write the way a user can act on it: full, unplugged, or failing. */
export function describeWriteError(thrown: unknown, path: string, offset: number, length: number): AppError {
  const errno = (thrown as NodeJS.ErrnoException | undefined)?.code ?? '';
  const cause = thrown instanceof Error ? thrown.message : String(thrown);
  const where = `bytes ${offset}-${offset + length - 1}`;
  if (errno === 'ENOSPC' || errno === 'EFBIG' || errno === 'EDQUOT')
    return appError('E_NO_SPACE', `${path} ran out of space while writing ${where}.`, { cause });
  if (['ENXIO', 'ENODEV', 'ENOENT', 'ESHUTDOWN'].includes(errno) || !existsSync(path))
    return appError('E_DRIVE_GONE', `${path} disappeared while writing ${where}.`, { cause });
  if (errno === 'EROFS')
    return appError('E_DRIVE_READ_ONLY', `${path} turned read-only while writing ${where}.`, { cause });
  return appError('E_WRITE', `${path} failed writing ${where}, also after retrying (${errno || 'error'}).`, {
    cause,
  });
}
