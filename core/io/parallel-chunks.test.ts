// The threaded chunk reader against the single-threaded one, on reused (dirty) buffers, with faults.

import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createXXHash128 } from 'hash-wasm';
import { afterAll, expect, test } from 'vitest';
import { AlignedPool } from './aligned-pool';
import { readPlanChunks, type Chunk } from './chunks';
import { compose } from '../image/compose';
import { createIoThreads } from './io-threads';
import { readPlanChunksInParallel } from './parallel-chunks';
import type { Plan } from './plan';
import { bytes } from '../image/testing/trees';
import { testThreads } from './testing/threads';

const scratch = mkdtempSync(join(tmpdir(), 'parallel-chunks-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const kib = 1024;
const mib = 1024 * kib;
/** This file's own two reading threads: it owns them, and stops them at the end. */
const threads = createIoThreads(2);
afterAll(() => threads.close());

/** A tree of files whose sizes leave cluster tails, across several chunks, composed into a plan. */
async function treePlan(name: string, sizes: number[]): Promise<{ tree: string; plan: Plan }> {
  const tree = join(scratch, name);
  mkdirSync(join(tree, 'sub'), { recursive: true });
  sizes.forEach((size, i) => writeFileSync(join(tree, i % 2 ? 'sub' : '', `f${i}.bin`), bytes(size, i + 1)));
  const composed = await compose({ tree, size: 64 * mib });
  if (!composed.ok) throw new Error(composed.error.detail);
  return { tree, plan: composed.value.plan };
}

const sizes = [0, 1, 511, 4097, 300 * kib, 1 * mib + 3, 5 * mib + 17, 70 * kib, 2 * mib];

/** The reference: the single-threaded reader's chunks, copied. */
async function reference(plan: Plan, chunkSize: number): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for await (const chunk of readPlanChunks(plan, { chunkSize }))
    out.push({ ...chunk, data: chunk.data.slice() });
  return out;
}

test('the threaded reader yields exactly the chunks of the single-threaded one, whatever the buffers held', async () => {
  const { plan } = await treePlan('same', sizes);
  const chunkSize = 256 * kib;
  const pool = new AlignedPool(chunkSize, 3);
  // Dirty every slot first: only what the plan leaves empty must come back as zeros.
  for (let i = 0; i < 3; i++) pool.allocate(chunkSize).fill(0xa5);
  for (let i = 2; i >= 0; i--) pool.release(new Uint8Array(pool.memory, i * chunkSize, chunkSize));
  const expected = await reference(plan, chunkSize);
  const hasher = await createXXHash128();
  let index = 0;
  for await (const chunk of readPlanChunksInParallel(plan, { pool, threads, hash: true })) {
    const want = expected[index++] as Chunk;
    expect(chunk.offset).toBe(want.offset);
    expect(Buffer.from(chunk.data).equals(Buffer.from(want.data))).toBe(true);
    expect(chunk.hash).toBe(hasher.init().update(want.data).digest('hex'));
    pool.release(chunk.data);
  }
  expect(index).toBe(expected.length);
  expect(index).toBeGreaterThan(10);
  expect(pool.available).toBe(3);
});

test('stopping early gives every slot back, also those still being read', async () => {
  const { plan } = await treePlan('early', sizes);
  const pool = new AlignedPool(256 * kib, 6);
  for await (const chunk of readPlanChunksInParallel(plan, { pool, threads })) {
    pool.release(chunk.data);
    if (chunk.offset > 2 * mib) break;
  }
  expect(pool.available).toBe(6);
});

test('a source file removed after composing fails the stream with its errno, and frees the slots', async () => {
  const { tree, plan } = await treePlan('removed', sizes);
  unlinkSync(join(tree, 'sub', 'f5.bin'));
  const pool = new AlignedPool(256 * kib, 4);
  const read = async () => {
    for await (const chunk of readPlanChunksInParallel(plan, { threads: testThreads(), pool }))
      pool.release(chunk.data);
  };
  await expect(read()).rejects.toMatchObject({ code: 'ENOENT', message: expect.stringContaining('f5.bin') });
  expect(pool.available).toBe(4);
});

test('a cancelled stream stops with an AbortError', async () => {
  const { plan } = await treePlan('cancelled', sizes);
  const pool = new AlignedPool(256 * kib, 4);
  const controller = new AbortController();
  const read = async () => {
    for await (const chunk of readPlanChunksInParallel(plan, {
      threads: testThreads(),
      pool,
      signal: controller.signal,
    })) {
      pool.release(chunk.data);
      controller.abort();
    }
  };
  await expect(read()).rejects.toMatchObject({ name: 'AbortError' });
  expect(pool.available).toBe(4);
});

test('threads belong to whoever made them: closed, they stop no one else, and start again when used', async () => {
  const { plan } = await treePlan('owned', sizes);
  const expected = await reference(plan, 256 * kib);
  const read = async (own: ReturnType<typeof createIoThreads>): Promise<Buffer[]> => {
    const pool = new AlignedPool(256 * kib, 4);
    const got: Buffer[] = [];
    for await (const chunk of readPlanChunksInParallel(plan, { pool, threads: own })) {
      got.push(Buffer.from(chunk.data));
      pool.release(chunk.data);
    }
    return got;
  };
  const mine = createIoThreads(1);
  expect(mine.count).toBe(1);
  await read(mine);
  await mine.close();
  const others = await read(threads);
  expect(others.length).toBe(expected.length);
  others.forEach((data, i) => expect(data.equals(Buffer.from((expected[i] as Chunk).data))).toBe(true));
  expect((await read(mine)).length).toBe(expected.length);
  await mine.close();
});
