// Downloads a URL into a file: resumes with HTTP Range, retries with backoff, hashes as it goes.

import { createReadStream } from 'node:fs';
import { open, stat, truncate } from 'node:fs/promises';
import { EngineError } from '../../errors';
import { appError } from '../../errors';
import { etaOf, SpeedMeter, type RootEvents } from '../progress';
import { BackgroundSha256 } from './hash-worker';
import { get, type Response } from './http1';

export interface DownloadOptions extends RootEvents {
  url: string;
  /** The partial file; kept between attempts and between runs so a later run resumes. */
  file: string;
  signal?: AbortSignal;
  /** Attempts after the first one fails (default 5). */
  retries?: number;
  /** First backoff delay in ms, doubled each retry (default 500). */
  backoffMs?: number;
  /** Least time between progress reports (default 200 ms). */
  progressEveryMs?: number;
  /** Extra trusted certificates (PEM) for an HTTPS server with a private CA. */
  ca?: string | Buffer;
  /** A connection silent for this long counts as broken, and is retried (default 60 s). */
  idleTimeoutMs?: number;
  /** The size a manifest states: more is refused as soon as byte size+1 arrives, less at the end. */
  expectedBytes?: number;
  /** Without a stated size, the most a download may bring (default `defaultMaxDownloadBytes`). */
  maxBytes?: number;
  /** The HTTP client (default http1.ts's `get`); bench/http-rows.ts passes others to compare them. */
  get?: typeof get;
}

/** The ceiling for a download whose size nobody stated: far above any root, far below a full disk. */
export const defaultMaxDownloadBytes = 16 * 1024 ** 3;

export interface Downloaded {
  bytes: number;
  sha256: string;
  /** How many requests it took (1 when nothing failed). */
  attempts: number;
}

/** A response we cannot use: `retry` says whether asking again may help. */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

/** Refused because of its size: never retried, and the partial file is emptied. */
class SizeError extends AttemptError {
  constructor(message: string) {
    super(message, false);
  }
}

const limitOf = (options: DownloadOptions) =>
  options.expectedBytes ?? options.maxBytes ?? defaultMaxDownloadBytes;

function sizeProblem(options: DownloadOptions, bytes: number, what: string): SizeError | undefined {
  const limit = limitOf(options);
  if (bytes <= limit) return undefined;
  return new SizeError(
    options.expectedBytes !== undefined
      ? `${what} ${bytes} bytes, but the manifest states ${options.expectedBytes}; nothing was kept`
      : `${what} more than the ${limit} bytes a download may have; nothing was kept`,
  );
}

const sizeOf = async (file: string) => (await stat(file).catch(() => ({ size: 0 }))).size;

async function hashPrefix(file: string, bytes: number): Promise<BackgroundSha256> {
  const hash = new BackgroundSha256();
  if (bytes === 0) return hash;
  for await (const chunk of createReadStream(file, { end: bytes - 1, highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
  }
  return hash;
}

async function request(options: DownloadOptions, headers: Record<string, string>): Promise<Response> {
  let url = options.url;
  for (let hops = 0; ; hops++) {
    const res = await (options.get ?? get)(url, {
      headers,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.idleTimeoutMs ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
    });
    const location = res.headers.location;
    if (res.status < 300 || res.status >= 400 || !location) return res;
    res.discard();
    if (hops >= 5) throw new AttemptError(`too many redirects from ${options.url}`, false);
    url = new URL(location, url).href;
  }
}

/** One request: appends to (or restarts) the partial file; resolves when the body is complete. */
async function attempt(
  options: DownloadOptions,
  meter: SpeedMeter,
): Promise<{ bytes: number; hash: BackgroundSha256 }> {
  let have = await sizeOf(options.file);
  if (have > limitOf(options)) {
    await truncate(options.file, 0); // a part longer than the whole cannot be resumed from
    have = 0;
  }
  const res = await request(options, have > 0 ? { Range: `bytes=${have}-` } : {});
  const status = res.status;
  if (status === 416) {
    res.discard();
    // Either the file is already whole, or the server's copy changed: start over to find out.
    const total = Number(/\/(\d+)$/.exec(res.headers['content-range'] ?? '')?.[1] ?? -1);
    if (total === have) return { bytes: have, hash: await hashPrefix(options.file, have) };
    await truncate(options.file, 0);
    throw new AttemptError(`the server refused the range ${have}- (HTTP 416)`, true);
  }
  if (status !== 200 && status !== 206) {
    res.discard();
    throw new AttemptError(
      `HTTP ${status} from ${options.url}`,
      status >= 500 || status === 408 || status === 429,
    );
  }
  const rangeStart = Number(/bytes (\d+)-/.exec(res.headers['content-range'] ?? '')?.[1] ?? -1);
  if (status === 206 && rangeStart !== have) {
    res.discard();
    await truncate(options.file, 0);
    throw new AttemptError(`the server sent bytes from ${rangeStart}, not ${have}`, true);
  }
  if (status === 200 && have > 0) {
    // The server ignored Range: keep nothing of the old part.
    await truncate(options.file, 0);
    have = 0;
  }
  const length = Number(res.headers['content-length'] ?? -1);
  const total = length >= 0 ? have + length : 0;
  const announced = length >= 0 ? sizeProblem(options, total, 'the server announces') : undefined;
  if (announced) {
    res.discard();
    throw announced;
  }
  const hash = await hashPrefix(options.file, have);
  try {
    const done = await receive(res, options, meter, hash, have, total);
    if (length >= 0 && done < total)
      throw new AttemptError(`the connection closed after ${done} of ${total} bytes`, true);
    if (options.expectedBytes !== undefined && done !== options.expectedBytes)
      throw new SizeError(
        `the server sent ${done} bytes, but the manifest states ${options.expectedBytes}; nothing was kept`,
      );
    return { bytes: done, hash };
  } catch (thrown) {
    await hash.discard();
    throw thrown;
  }
}

/** Bytes gathered before a write and a hash: four in flight keep the disk and the hasher busy. */
const batchSize = 4 * 1024 * 1024;
const batchCount = 4;

/**
 * Writes the body after `have` bytes already in the file; returns the file's length at the end.
 * Bytes are gathered into shared batches; each full batch is written (libuv's pool) and hashed (the
 * hash thread) at the same time, while this thread goes on receiving.
 */
async function receive(
  res: Response,
  options: DownloadOptions,
  meter: SpeedMeter,
  hash: BackgroundSha256,
  have: number,
  total: number,
): Promise<number> {
  const handle = await open(options.file, have > 0 ? 'r+' : 'w');
  const free = Array.from({ length: batchCount }, () => new Uint8Array(new SharedArrayBuffer(batchSize)));
  const inFlight = new Set<Promise<void>>();
  let wake: (() => void) | undefined;
  let failure: { error: unknown } | undefined;
  let batch: Uint8Array<SharedArrayBuffer> | undefined;
  let filled = 0;
  let position = have;
  let done = have;
  let lastReport = 0;

  const submit = (): void => {
    if (!batch || filled === 0) return;
    const full = batch;
    const view = full.subarray(0, filled);
    const at = position;
    position += filled;
    batch = undefined;
    filled = 0;
    const work: Promise<void> = Promise.all([hash.updateShared(view), writeAll(handle, view, at)])
      .then(
        () => undefined,
        (error: unknown) => void (failure ??= { error }),
      )
      .finally(() => {
        inFlight.delete(work);
        free.push(full);
        wake?.();
      });
    inFlight.add(work);
  };
  const whenFree = (): Promise<void> =>
    free.length > 0 ? Promise.resolve() : new Promise((resolve) => (wake = resolve));

  const report = (): void => {
    const now = Date.now();
    if (now - lastReport < (options.progressEveryMs ?? 200)) return;
    lastReport = now;
    const speed = meter.sample(done, now);
    const eta = etaOf(done, total, speed);
    options.onProgress?.({
      phase: 'downloading',
      step: options.url,
      bytesDone: done,
      bytesTotal: total,
      speed,
      ...(eta === undefined ? {} : { eta }),
    });
  };

  let over = false;
  let tooMuch: SizeError | undefined;
  const limit = limitOf(options);
  /** Refuses bytes past the limit before they are counted, written or hashed. */
  const within = (count: number): void => {
    if (done + count <= limit) return;
    tooMuch = sizeProblem(options, done + count, 'the server sent at least');
    throw tooMuch;
  };
  // The socket may read straight into the batch being filled (http1's `space`), saving a copy.
  const space = (): Uint8Array | undefined => {
    if (over) return undefined;
    batch ??= free.pop();
    return batch && batchSize - filled >= 64 * 1024 ? batch.subarray(filled) : undefined;
  };
  const data = (bytes: Uint8Array): void | Promise<void> => {
    if (over) return;
    if (failure) throw failure.error;
    within(bytes.length);
    if (batch && bytes.buffer === batch.buffer && bytes.byteOffset === batch.byteOffset + filled) {
      filled += bytes.length;
      done += bytes.length;
      if (filled === batchSize) submit();
      return report();
    }
    for (let at = 0; at < bytes.length;) {
      batch ??= free.pop();
      if (!batch) {
        // Every batch is being written or hashed: copy the rest (the read buffer is reused; a
        // Buffer's slice() would be a view of it) and wait.
        const rest = new Uint8Array(bytes.subarray(at));
        return whenFree().then(() => data(rest));
      }
      const take = Math.min(bytes.length - at, batchSize - filled);
      batch.set(bytes.subarray(at, at + take), filled);
      filled += take;
      at += take;
      done += take;
      if (filled === batchSize) submit();
    }
    report();
  };

  let received: unknown;
  try {
    await res.body({ data, space });
  } catch (thrown) {
    received = thrown;
  }
  // What came is good whatever happened after: write it, so a retry resumes after it.
  over = true;
  submit();
  await Promise.all(inFlight);
  await handle.close();
  if (failure) throw new AttemptError(`writing ${options.file} failed: ${String(failure.error)}`, false);
  if (tooMuch) throw tooMuch;
  if (received !== undefined) {
    if (options.signal?.aborted) throw received;
    throw new AttemptError(`the connection broke after ${done} bytes: ${(received as Error).message}`, true);
  }
  report();
  return done;
}

async function writeAll(
  handle: Awaited<ReturnType<typeof open>>,
  data: Uint8Array,
  position: number,
): Promise<void> {
  for (let at = 0; at < data.length;) {
    const { bytesWritten } = await handle.write(data, at, data.length - at, position + at);
    at += bytesWritten;
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

/** Downloads `url` into `file`, resuming what an earlier attempt or run left there. */
export async function downloadFile(options: DownloadOptions): Promise<Downloaded> {
  const retries = options.retries ?? 5;
  const meter = new SpeedMeter();
  for (let tries = 0; ; tries++) {
    options.signal?.throwIfAborted();
    try {
      const { bytes, hash } = await attempt(options, meter);
      return { bytes, sha256: await hash.digest(), attempts: tries + 1 };
    } catch (thrown) {
      if (options.signal?.aborted) throw thrown;
      const retry = thrown instanceof AttemptError ? thrown.retry : true;
      const message = (thrown as Error).message;
      if (thrown instanceof SizeError) await truncate(options.file, 0).catch(() => undefined);
      if (!retry || tries >= retries) {
        throw new EngineError(
          appError('E_DOWNLOAD', `${options.url}: ${message} (after ${tries + 1} attempts)`),
        );
      }
      const delay = (options.backoffMs ?? 500) * 2 ** tries;
      options.onLog?.('warn', `download: ${message}; trying again in ${(delay / 1000).toFixed(1)} s`);
      await sleep(delay, options.signal);
    }
  }
}
