// Decompresses a byte stream: gzip in-process, xz and zstd through their own programs, each bounded in
// memory. The one place the engine runs a decompressor (root archives, .deb data, kernel modules).
//
// Node 20's zlib has no xz or zstd. The xz and zstd programs are on every Linux distribution,
// stream at full speed on another core, and keep native decoders out of our dependency tree.

import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export type Compression = 'gzip' | 'xz' | 'zstd';

/**
 * Memory the tool may use: a crafted header cannot make it allocate gigabytes. Archives made with
 * `xz -9` need 65 MiB and zstd's default window limit is 128 MiB; these leave room above both.
 */
const memoryArgs = { xz: ['--memlimit-decompress=512MiB'], zstd: ['--memory=512MB'] } as const;

/** Why a decompressor failed. */
export interface DecompressFailure {
  tool: string;
  /** The program could not be started (not installed). */
  missing: boolean;
  /** Its exit and the end of what it said, or why it did not start. */
  message: string;
}

export interface Decompressor {
  /** The decompressed bytes; they end at once when the tool cannot start, and fail with the input. */
  stream: Readable;
  /** Settles once the work is over: undefined when it succeeded or was stopped, else why not. */
  done: Promise<DecompressFailure | undefined>;
  /** Stops reading and ends the tool at once (a refusal or a cap was reached). */
  stop(): void;
}

/** Starts decompressing `input`; `signal` kills the tool. */
export function spawnDecompressor(
  compression: Compression,
  input: Readable,
  signal?: AbortSignal,
): Decompressor {
  if (compression === 'gzip') {
    const gunzip = createGunzip();
    input.on('error', (error) => gunzip.destroy(error)); // pipe() does not pass a read error on
    input.pipe(gunzip);
    return {
      stream: gunzip,
      done: Promise.resolve(undefined),
      stop: () => (input.destroy(), gunzip.destroy()),
    };
  }
  const tool = compression;
  // node's own spawn: execa's stdout stream costs three times the decompression itself here.
  const child = spawn(tool, ['-dc', ...memoryArgs[compression]], {
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(signal ? { signal } : {}),
  });
  input.on('error', (error) => child.stdout.destroy(error)); // pipe() does not pass a read error on
  child.stdin.on('error', () => undefined); // the tool may stop reading first; its exit tells why
  input.pipe(child.stdin);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
  let stopped = false;
  const done = new Promise<DecompressFailure | undefined>((resolve) => {
    child.once('error', (thrown: NodeJS.ErrnoException) => {
      const missing = thrown.code === 'ENOENT';
      const message = missing
        ? `${tool} is not installed`
        : `${tool} could not be started: ${thrown.message}`;
      resolve({ tool, missing, message });
    });
    child.once('close', (code, killed) =>
      resolve(
        code === 0 || stopped
          ? undefined
          : {
              tool,
              missing: false,
              message: `${tool} ended with ${killed ?? `exit code ${code}`}${stderr.trim() ? `: ${stderr.trim()}` : ''}`,
            },
      ),
    );
  });
  const stop = () => {
    stopped = true;
    input.destroy();
    child.kill('SIGKILL');
  };
  return { stream: child.stdout, done, stop };
}
