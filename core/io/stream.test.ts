// Streaming a plan into an image file: progress, cancellation, and sources that change meanwhile.

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { compose } from '../image/compose';
import { planBytes } from './plan';
import { writePlanToFile } from './stream';
import { bytes } from '../image/testing/trees';
import { testThreads } from './testing/threads';

const scratch = mkdtempSync(join(tmpdir(), 'stream-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const mib = 1024 * 1024;

async function planOf(files: Record<string, Buffer>) {
  const tree = join(scratch, `tree-${Object.keys(files).join('-')}`);
  mkdirSync(tree);
  for (const [name, data] of Object.entries(files)) writeFileSync(join(tree, name), data);
  const composed = await compose({ tree, size: 64 * mib });
  if (!composed.ok) throw new Error(composed.error.detail);
  return { tree, plan: composed.value.plan };
}

test('progress climbs to the plan size; the image is the target size', async () => {
  const { plan } = await planOf({ a: bytes(9 * mib, 1) });
  const seen: number[] = [];
  const image = join(scratch, 'progress.img');
  const written = await writePlanToFile(plan, image, {
    threads: testThreads(),
    onProgress: (p) => seen.push(p.bytesWritten),
  });
  expect(written.ok).toBe(true);
  expect(seen.length).toBeGreaterThan(2);
  expect(seen).toEqual([...seen].sort((x, y) => x - y));
  expect(seen[seen.length - 1]).toBe(planBytes(plan));
});

test('cancelling stops the write, says so, and leaves no half image behind', async () => {
  const { plan } = await planOf({ b: bytes(20 * mib, 2) });
  const controller = new AbortController();
  const image = join(scratch, 'cancelled.img');
  const written = await writePlanToFile(plan, image, {
    threads: testThreads(),
    signal: controller.signal,
    onProgress: () => controller.abort(),
  });
  expect(!written.ok && written.error.code).toBe('E_CANCELLED');
  expect(existsSync(image)).toBe(false);
});

test('a source file that shrinks after composing is an I/O error naming it', async () => {
  const { tree, plan } = await planOf({ shrinks: bytes(3 * mib, 3) });
  truncateSync(join(tree, 'shrinks'), 1000);
  const image = join(scratch, 'shrunk.img');
  const written = await writePlanToFile(plan, image, { threads: testThreads() });
  expect(!written.ok && written.error.code).toBe('E_IO');
  expect(!written.ok && written.error.detail).toMatch(
    /shrinks changed after it was scanned \(its size changed/,
  );
  expect(existsSync(image)).toBe(false);
});

test('a failed write leaves the image that was there as it was; a whole one replaces it', async () => {
  const { tree, plan } = await planOf({ kept: bytes(3 * mib, 4) });
  const image = join(scratch, 'kept.img');
  writeFileSync(image, 'the old image');
  truncateSync(join(tree, 'kept'), 1000);
  const failed = await writePlanToFile(plan, image, { threads: testThreads() });
  expect(!failed.ok && failed.error.code).toBe('E_IO');
  expect(readFileSync(image, 'utf8')).toBe('the old image');
  writeFileSync(join(tree, 'kept'), bytes(3 * mib, 4));
  // Rewritten after the scan, the file is read only under a plan that scanned it again.
  const again = await compose({ tree, size: 64 * mib });
  if (!again.ok) throw new Error(again.error.detail);
  const written = await writePlanToFile(again.value.plan, image, { threads: testThreads() });
  expect(written.ok).toBe(true);
  expect(statSync(image).size).toBe(plan.size);
  expect(readdirSync(scratch).filter((name) => name.endsWith('.partial'))).toEqual([]);
});
