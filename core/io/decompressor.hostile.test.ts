// The one decompressor: real gzip, xz and zstd data round-trip; a missing tool, damaged data and a
// crafted xz header that asks for gigabytes of memory each end in a failure that says so.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync, crc32 } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { spawnDecompressor, type Compression } from './decompressor';

const original = randomBytes(300_000);
const packed: Record<Compression, Buffer> = {
  gzip: gzipSync(original),
  xz: execFileSync('xz', ['-c', '--check=crc32'], { input: original }),
  zstd: execFileSync('zstd', ['-c', '-q'], { input: original }),
};

async function drain(compression: Compression, data: Buffer) {
  const decompressor = spawnDecompressor(compression, Readable.from([data]));
  const out: Buffer[] = [];
  let readError: Error | undefined;
  try {
    for await (const chunk of decompressor.stream as AsyncIterable<Buffer>) out.push(chunk);
  } catch (thrown) {
    readError = thrown as Error;
  }
  return { bytes: Buffer.concat(out), failure: await decompressor.done, readError };
}

/** The same xz stream with its LZMA2 dictionary size set to the format's largest, 4 GiB, and the CRC fixed. */
function hugeDictionary(xz: Buffer): Buffer {
  const crafted = Buffer.from(xz);
  const block = 12; // the stream header is 12 bytes
  const headerSize = ((crafted[block] ?? 0) + 1) * 4;
  const flags = crafted[block + 1] ?? 0;
  expect(flags & 0xc3).toBe(0); // one filter, no sizes: what xz writes from a pipe
  expect(crafted.subarray(block + 2, block + 4)).toEqual(Buffer.from([0x21, 0x01])); // LZMA2, 1 byte of properties
  crafted[block + 4] = 40; // dictionary size 4 GiB - 1
  crafted.writeUInt32LE(crc32(crafted.subarray(block, block + headerSize - 4)), block + headerSize - 4);
  return crafted;
}

describe('the decompressor', () => {
  test.each(['gzip', 'xz', 'zstd'] as const)('%s gives back the original bytes', async (compression) => {
    const { bytes, failure } = await drain(compression, packed[compression]);
    expect(failure).toBeUndefined();
    expect(bytes.equals(original)).toBe(true);
  });

  test('a damaged xz stream fails, naming the tool and what it said', async () => {
    const damaged = Buffer.from(packed.xz);
    damaged.fill(0x55, 100, 400);
    const { failure } = await drain('xz', damaged);
    expect(failure?.missing).toBe(false);
    expect(failure?.message).toMatch(/^xz ended with exit code 1: .+/);
  });

  test('a tool that is not installed is told apart, and the output ends instead of hanging', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const { bytes, failure } = await drain('zstd', packed.zstd);
      expect(bytes.length).toBe(0);
      expect(failure).toEqual({ tool: 'zstd', missing: true, message: 'zstd is not installed' });
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('the decompressor is bounded in memory', () => {
  test('an xz header asking for a 4 GiB dictionary is refused before anything is allocated', async () => {
    const crafted = hugeDictionary(packed.xz);
    // Without the bound, xz itself would take the crafted stream (the header is valid).
    // (xz -t exits non-zero, and execFileSync throws, on a broken stream.)
    execFileSync('xz', ['-t'], { input: crafted });
    const { bytes, failure } = await drain('xz', crafted);
    expect(bytes.length).toBe(0);
    expect(failure?.message).toMatch(/[Mm]emory usage limit/);
  });
});
