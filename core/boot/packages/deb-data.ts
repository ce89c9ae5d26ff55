// Streams a .deb's data.tar member into a folder: file range → decompressor → byte cap → tar-stream →
// one regular file at a time, written as its bytes arrive. Memory stays at a chunk, whatever the sizes.

import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import {
  spawnDecompressor,
  type Compression,
  type DecompressFailure,
  type Decompressor,
} from '../../io/decompressor';
import type { ArMember } from './ar';
import { formatMib, type DebLimits } from '../limits';

/** How each data.tar flavour is compressed (core/io/decompressor.ts); a plain data.tar is not. */
const compressions: Record<string, Compression | undefined> = {
  'data.tar.gz': 'gzip',
  'data.tar.xz': 'xz',
  'data.tar.zst': 'zstd',
};

export const readableMember = (name: string): boolean =>
  name === 'data.tar' || compressions[name] !== undefined;

/** Why the data could not be unpacked; `kind` picks the error the caller reports. */
export class DataError extends Error {
  constructor(
    readonly kind: 'broken' | 'unsafe' | 'limit' | 'tool-missing',
    message: string,
  ) {
    super(message);
  }
}

/** The member's tar bytes, and the decompressor's failure once it has exited. */
function decompress(raw: Readable, name: string): Decompressor {
  const compression = compressions[name];
  if (compression) return spawnDecompressor(compression, raw);
  return { stream: raw, done: Promise.resolve(undefined), stop: () => raw.destroy() };
}

/** The error a decompressor's failure becomes. */
const toolError = (failure: DecompressFailure): DataError =>
  new DataError(failure.missing ? 'tool-missing' : 'broken', failure.message);

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

/** The member's tar bytes, decompressed, read from the package's descriptor (left open). */
export function openData(file: FileHandle, member: ArMember): Decompressor {
  const raw =
    member.size === 0
      ? Readable.from([])
      : file.createReadStream({
          start: member.offset,
          end: member.offset + member.size - 1,
          autoClose: false,
        });
  return decompress(raw, member.name);
}

/** Writes every regular file of the member under `dest`; returns how many. Throws DataError. */
export async function extractData(
  file: FileHandle,
  member: ArMember,
  dest: string,
  limits: DebLimits,
): Promise<number> {
  const source = openData(file, member);
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
    const failure = await Promise.race([
      source.done,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 200)),
    ]);
    source.stop();
    if (failure) throw toolError(failure);
    throw new DataError('broken', (thrown as Error).message);
  }
  const failure = await source.done;
  if (failure) throw toolError(failure);
  return files;
}
