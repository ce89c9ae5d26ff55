// Downloads a URL into a file: resumes with HTTP Range, retries with backoff, hashes as it goes.

import { createReadStream, createWriteStream } from 'node:fs';
import { stat, truncate } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { EngineError } from '../../errors';
import { appError } from '../../errors';
import { etaOf, SpeedMeter, type RootEvents } from '../progress';
import { BackgroundSha256 } from './hash-worker';

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
}

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

const sizeOf = async (file: string) => (await stat(file).catch(() => ({ size: 0 }))).size;

async function hashPrefix(file: string, bytes: number): Promise<BackgroundSha256> {
  const hash = new BackgroundSha256();
  if (bytes === 0) return hash;
  for await (const chunk of createReadStream(file, { end: bytes - 1, highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
  }
  return hash;
}

function request(url: string, headers: Record<string, string>, signal?: AbortSignal, hops = 0) {
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    const req = client.get(url, { headers, signal }, (res) => {
      const location = res.headers.location;
      if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location) {
        res.resume();
        if (hops >= 5) return reject(new AttemptError(`too many redirects from ${url}`, false));
        return resolve(request(new URL(location, url).href, headers, signal, hops + 1));
      }
      resolve(res);
    });
    req.on('error', reject);
  });
}

/** One request: appends to (or restarts) the partial file; resolves when the body is complete. */
async function attempt(
  options: DownloadOptions,
  meter: SpeedMeter,
): Promise<{ bytes: number; hash: BackgroundSha256 }> {
  let have = await sizeOf(options.file);
  const res = await request(options.url, have > 0 ? { Range: `bytes=${have}-` } : {}, options.signal);
  const status = res.statusCode ?? 0;
  if (status === 416) {
    res.resume();
    // Either the file is already whole, or the server's copy changed: start over to find out.
    const total = Number(/\/(\d+)$/.exec(res.headers['content-range'] ?? '')?.[1] ?? -1);
    if (total === have) return { bytes: have, hash: await hashPrefix(options.file, have) };
    await truncate(options.file, 0);
    throw new AttemptError(`the server refused the range ${have}- (HTTP 416)`, true);
  }
  if (status !== 200 && status !== 206) {
    res.resume();
    throw new AttemptError(
      `HTTP ${status} from ${options.url}`,
      status >= 500 || status === 408 || status === 429,
    );
  }
  const rangeStart = Number(/bytes (\d+)-/.exec(res.headers['content-range'] ?? '')?.[1] ?? -1);
  if (status === 206 && rangeStart !== have) {
    res.resume();
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
  const hash = await hashPrefix(options.file, have);
  try {
    const done = await receive(res, options, meter, hash, have, total);
    if (length >= 0 && done < total)
      throw new AttemptError(`the connection closed after ${done} of ${total} bytes`, true);
    return { bytes: done, hash };
  } catch (thrown) {
    await hash.discard();
    throw thrown;
  }
}

/** Writes the body after `have` bytes already in the file; returns the file's length at the end. */
async function receive(
  res: http.IncomingMessage,
  options: DownloadOptions,
  meter: SpeedMeter,
  hash: BackgroundSha256,
  have: number,
  total: number,
): Promise<number> {
  const out = createWriteStream(options.file, { flags: have > 0 ? 'a' : 'w', highWaterMark: 1 << 20 });
  let done = have;
  let lastReport = 0;
  try {
    for await (const chunk of res) {
      const buffer = chunk as Buffer;
      hash.update(buffer);
      done += buffer.length;
      if (!out.write(buffer)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      const now = Date.now();
      if (now - lastReport >= (options.progressEveryMs ?? 200)) {
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
      }
    }
  } catch (thrown) {
    if (options.signal?.aborted) throw thrown;
    throw new AttemptError(`the connection broke after ${done} bytes: ${(thrown as Error).message}`, true);
  } finally {
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
  return done;
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
