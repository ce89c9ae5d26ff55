// Opens an archive as a stream of tar bytes: gzip in-process, xz and zstd through their own tools.
//
// Node 20's zlib has no xz or zstd. The xz and zstd programs are on every Linux distribution,
// stream at full speed on another core, and keep native decoders out of our dependency tree.

import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { appError, EngineError } from '../../errors';
import { installHint } from '../build/host-tools';

export type Compression = 'none' | 'gzip' | 'xz' | 'zstd';

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

const tools = { xz: 'xz', zstd: 'zstd' } as const;

/**
 * Memory the decompressor may use: a crafted header cannot make it allocate gigabytes. Roots made
 * with `xz -9` need 65 MiB and zstd's default window limit is 128 MiB; these leave room above both.
 */
const memoryArgs = { xz: ['--memlimit-decompress=512MiB'], zstd: ['--memory=512MB'] } as const;

/** The tar bytes inside `file`. */
export async function openTar(file: string, signal?: AbortSignal): Promise<TarSource> {
  const compression = await detectCompression(file);
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const done = Promise.resolve();
  if (compression === 'none') return { stream: raw, raw, done, stop: () => raw.destroy() };
  if (compression === 'gzip') {
    const gunzip = createGunzip();
    raw.on('error', (error) => gunzip.destroy(error)); // pipe() does not pass a read error on
    const stop = () => (raw.destroy(), gunzip.destroy());
    return { stream: raw.pipe(gunzip), raw, done, stop };
  }
  const tool = tools[compression];
  // node's own spawn: execa's stdout stream costs three times the decompression itself here.
  const child = spawn(tool, ['-dc', ...memoryArgs[compression]], {
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(signal ? { signal } : {}),
  });
  raw.on('error', (error) => child.stdout.destroy(error)); // pipe() does not pass a read error on
  child.stdin.on('error', () => undefined); // the tool may stop reading first; its exit tells why
  raw.pipe(child.stdin);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 4096) stderr += chunk.toString('utf8');
  });
  let stopped = false;
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', (thrown: NodeJS.ErrnoException) => {
      if (thrown.code === 'ENOENT')
        reject(
          new EngineError(
            appError(
              'E_TOOL_MISSING',
              `${file} is ${compression}-compressed and \`${tool}\` is not installed.`,
              {
                hint: `Install it: ${installHint(tool === 'xz' ? 'xz' : 'zstd')}`,
              },
            ),
          ),
        );
      else reject(thrown);
    });
    child.once('close', (code, killed) => {
      if (code === 0 || stopped) return resolve();
      if (signal?.aborted) return reject(signal.reason);
      reject(
        new EngineError(
          appError('E_ARCHIVE_BROKEN', `${file} could not be decompressed by ${tool}`, {
            cause: stderr.trim() || `${tool} ended with ${killed ?? `exit code ${code}`}`,
          }),
        ),
      );
    });
  });
  // A missing tool fails the stream too, so a reader waiting on it ends.
  exited.catch((error: unknown) => child.stdout.destroy(error as Error));
  const stop = () => {
    stopped = true;
    exited.catch(() => undefined); // the exit this causes is not a second failure
    raw.destroy();
    child.kill('SIGKILL');
  };
  return { stream: child.stdout, raw, done: exited, stop };
}
