// Streams a .deb's data.tar member into a folder: file range → decompressor → byte cap → tar-stream →
// one regular file at a time, written as its bytes arrive. Memory stays at a chunk, whatever the sizes.

import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import type { ArMember } from './ar';
import { formatMib, type DebLimits } from '../limits';

/** The tool that decompresses each data.tar flavour (gzip is done in-process). */
const tools: Record<string, string[] | undefined> = {
  'data.tar.xz': ['xz', '-dc'],
  'data.tar.zst': ['zstd', '-dc'],
};

export const readableMember = (name: string): boolean =>
  name === 'data.tar' || name === 'data.tar.gz' || tools[name] !== undefined;

/** Why the data could not be unpacked; `kind` picks the error the caller reports. */
export class DataError extends Error {
  constructor(
    readonly kind: 'broken' | 'unsafe' | 'limit' | 'tool-missing',
    message: string,
  ) {
    super(message);
  }
}

interface Decompressed {
  stream: Readable;
  /** Resolves with the tool's failure, if any, once it has exited. */
  done: Promise<string | undefined>;
  stop(): void;
}

function decompress(raw: Readable, name: string): Decompressed {
  if (name === 'data.tar.gz') {
    const gunzip = createGunzip();
    raw.pipe(gunzip);
    return { stream: gunzip, done: Promise.resolve(undefined), stop: () => raw.destroy() };
  }
  if (name === 'data.tar')
    return { stream: raw, done: Promise.resolve(undefined), stop: () => raw.destroy() };
  const [tool = 'false', ...args] = tools[name] ?? [];
  const child = spawn(tool, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  raw.pipe(child.stdin);
  child.stdin.on('error', () => undefined); // the tool exiting early is reported by `done`
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const done = new Promise<string | undefined>((resolve) => {
    child.on('error', (e) => resolve(`${tool} could not be started: ${e.message}`));
    child.on('close', (code, signal) =>
      resolve(code === 0 ? undefined : `${tool} exited with ${code ?? signal}: ${stderr.trim()}`),
    );
  });
  return {
    stream: child.stdout,
    done,
    stop: () => {
      raw.destroy();
      child.kill('SIGKILL');
    },
  };
}

/** Passes bytes through until `limit`, then fails: bounds what the decompressor may produce. */
function byteCap(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit)
        callback(
          new DataError('limit', `it unpacks to more than ${formatMib(limit)} (a decompression bomb?)`),
        );
      else callback(null, chunk);
    },
  });
}

/** Writes every regular file of the member under `dest`; returns how many. Throws DataError. */
export async function extractData(
  file: FileHandle,
  member: ArMember,
  dest: string,
  limits: DebLimits,
): Promise<number> {
  const raw =
    member.size === 0
      ? Readable.from([])
      : file.createReadStream({
          start: member.offset,
          end: member.offset + member.size - 1,
          autoClose: false,
        });
  const source = decompress(raw, member.name);
  const extractor = extract();
  const feeding = pipeline(source.stream, byteCap(limits.unpackedBytes), extractor);
  feeding.catch(() => undefined); // its error also ends the loop below
  const made = new Set<string>();
  let files = 0;
  let entries = 0;
  let declared = 0;
  try {
    for await (const entry of extractor) {
      const { name, type, size = 0 } = entry.header;
      entries += 1;
      if (entries > limits.entries)
        throw new DataError('limit', `it has more than ${limits.entries} entries`);
      const clean = normalize(name);
      if (clean.startsWith('..') || isAbsolute(clean) || /^[A-Za-z]:/.test(clean))
        throw new DataError('unsafe', `holds the path "${name}", which leaves its folder`);
      if (type !== 'file' && type !== 'contiguous-file') {
        entry.resume(); // folders come from their files; links and devices are not needed
        continue;
      }
      declared += size;
      if (declared > limits.unpackedBytes)
        throw new DataError('limit', `its files add up to more than ${formatMib(limits.unpackedBytes)}`);
      const out = join(dest, clean);
      const parent = dirname(out);
      if (!made.has(parent)) mkdirSync(parent, { recursive: true });
      made.add(parent);
      // Synchronous writes as each piece arrives: thousands of small modules, one descriptor at a
      // time, no flood of concurrent async writes, and never a whole entry in memory.
      const fd = openSync(out, 'w');
      try {
        for await (const piece of entry as AsyncIterable<Buffer>) writeSync(fd, piece);
      } finally {
        closeSync(fd);
      }
      files += 1;
    }
    await feeding;
  } catch (thrown) {
    if (thrown instanceof DataError) {
      source.stop();
      throw thrown;
    }
    // A tool that failed by itself (a damaged .xz) explains the tar error that followed: give its exit
    // a moment to arrive, then stop it either way.
    const toolError = await Promise.race([
      source.done,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 200)),
    ]);
    source.stop();
    if (toolError)
      throw new DataError(/could not be started/.test(toolError) ? 'tool-missing' : 'broken', toolError);
    throw new DataError('broken', (thrown as Error).message);
  }
  const toolError = await source.done;
  if (toolError)
    throw new DataError(/could not be started/.test(toolError) ? 'tool-missing' : 'broken', toolError);
  return files;
}
