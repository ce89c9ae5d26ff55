// Property: a composed stick with random bytes changed in its partition table, boot sector, FAT or
// folders, or cut short, opens to a clean AppError or to files that read back whole; never a throw or
// a hang (each case within 2 s).

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../compose';
import { writePlanToFile } from '../../io/stream';
import type { ByteSource } from './source';
import { openVolumeOn, type Volume } from './volume';
import { testThreads } from '../../io/testing/threads';

const dir = mkdtempSync(join(tmpdir(), 'fat-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mib = 1024 * 1024;

/** An image in memory; reads past `length` come back as zeros, as from a short file. */
class MemorySource implements ByteSource {
  path = 'memory.img';
  constructor(
    private readonly bytes: Buffer,
    private readonly length: number,
  ) {}
  async read(offset: number, length: number): Promise<Buffer> {
    const out = Buffer.alloc(length);
    if (offset < this.length) this.bytes.copy(out, 0, offset, Math.min(this.length, offset + length));
    return out;
  }
  async close(): Promise<void> {}
}

let image: Buffer;
/** Byte ranges worth breaking: [start, length]. */
const regions: Record<string, [number, number]> = {};

beforeAll(async () => {
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'go', 'src', 'A Long Folder Name'), { recursive: true });
  mkdirSync(join(tree, 'empty'));
  writeFileSync(join(tree, 'README'), 'hello\n');
  writeFileSync(
    join(tree, 'go', 'src', 'A Long Folder Name', 'file with a long name.go'),
    'x'.repeat(70_000),
  );
  for (let i = 0; i < 30; i++) writeFileSync(join(tree, 'go', `f${i}.txt`), `file ${i}\n`);
  const composed = await compose({ tree, size: 64 * mib });
  if (!composed.ok) throw new Error(composed.error.detail);
  const path = join(dir, 'stick.img');
  const written = await writePlanToFile(composed.value.plan, path, { threads: testThreads() });
  if (!written.ok) throw new Error(written.error.detail);
  image = readFileSync(path);
  const opened = await openVolumeOn(new MemorySource(image, image.length));
  if (!opened.ok) throw new Error(opened.error.detail);
  const { bpb } = opened.value;
  const part = image.readUInt32LE(446 + 8) * 512;
  const cluster = (n: number) => part + bpb.dataOffset + (n - 2) * bpb.bytesPerCluster;
  const go = opened.value.files.find((f) => f.path === '/go');
  regions.mbr = [0, 512];
  regions.bpb = [part, 512];
  regions.fat = [part + bpb.fatOffset, 4096];
  regions.root = [cluster(bpb.rootCluster), bpb.bytesPerCluster];
  regions.folder = [cluster(go?.runs[0]?.first ?? 2), bpb.bytesPerCluster];
  regions.any = [0, image.length];
});

async function readAll(volume: Volume): Promise<void> {
  for (const file of volume.files) {
    if (file.isDir) continue;
    let got = 0;
    for await (const piece of volume.read(file)) got += piece.length;
    expect(got).toBe(file.size);
  }
}

const withinTwoSeconds = <T>(work: Promise<T>): Promise<T> =>
  Promise.race([
    work,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('took more than 2 s')), 2000)),
  ]);

const edit = fc.record({
  region: fc.constantFrom('mbr', 'bpb', 'bpb', 'fat', 'fat', 'root', 'folder', 'any'),
  at: fc.nat(),
  value: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 0xff, 0x0f, 0x10, 0xe5)),
});

describe('the FAT32 reader against damaged sticks', () => {
  it('ends in an AppError or files that read back whole, each within 2 s', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(edit, { minLength: 1, maxLength: 8 }),
        fc.option(fc.nat({ max: 64 * mib }), { freq: 4 }),
        async (edits, cut) => {
          const saved = edits.map(({ region, at, value }) => {
            const [start, length] = regions[region] ?? [0, 1];
            const offset = start + (at % length);
            const old = image[offset] ?? 0;
            image[offset] = value;
            return { offset, old };
          });
          try {
            await withinTwoSeconds(
              (async () => {
                const opened = await openVolumeOn(new MemorySource(image, cut ?? image.length));
                if (!opened.ok) {
                  expect(opened.error.code).toBe('E_VERIFY_MISMATCH');
                  expect(opened.error.detail.length).toBeGreaterThan(0);
                  return;
                }
                await readAll(opened.value);
              })(),
            );
          } finally {
            for (const { offset, old } of saved.reverse()) image[offset] = old;
          }
        },
      ),
      { numRuns: 150, interruptAfterTimeLimit: 20_000 },
    );
  }, 60_000);

  it('a folder that points back at the root is refused, not walked forever', async () => {
    const copy = Buffer.from(image);
    const opened = await openVolumeOn(new MemorySource(copy, copy.length));
    if (!opened.ok) throw new Error(opened.error.detail);
    const { bpb } = opened.value;
    const [start, length] = regions.root ?? [0, 0];
    // The root's entry for "go" (a folder): point its first cluster at the root itself.
    for (let at = start; at < start + length; at += 32) {
      if (copy.toString('latin1', at, at + 11) !== 'GO         ') continue;
      copy.writeUInt16LE(bpb.rootCluster >>> 16, at + 20);
      copy.writeUInt16LE(bpb.rootCluster & 0xffff, at + 26);
    }
    const result = await withinTwoSeconds(openVolumeOn(new MemorySource(copy, copy.length)));
    expect(result.ok || result.error.detail).toContain('loops, or shares cluster');
  });
});
