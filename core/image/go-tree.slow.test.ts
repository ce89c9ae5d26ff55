// Slow tier: Debian's Go source tree (~12k files) round-trips; big sticks get FAT32's big clusters.

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { compose } from './compose';
import { writePlanToFile } from '../io/stream';
import { filesOn, fsckImage, hashTree, loopDevicesWork, mcopyOut } from './testing/tools';
import { testThreads } from '../io/testing/threads';

const scratch = mkdtempSync(join(tmpdir(), 'go-tree-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const goTree = '/usr/share/go-1.19';
const gib = 1024 * 1024 * 1024;

test.skipIf(!existsSync(goTree))(`${goTree} round-trips through fsck.fat and mtools`, async () => {
  const composed = await compose({ tree: goTree, size: 2 * gib });
  if (!composed.ok) throw new Error(composed.error.detail);
  expect(composed.value.clusterSize).toBe(4096);
  const image = join(scratch, 'go.img');
  expect((await writePlanToFile(composed.value.plan, image, { threads: testThreads() })).ok).toBe(true);
  const { code, output } = fsckImage(image, scratch);
  expect(output).not.toMatch(/differ|wrong|invalid|orphan|Marking/i);
  expect(code).toBe(0);
  const out = join(scratch, 'out');
  mcopyOut(image, out);
  expect(hashTree(out)).toEqual(hashTree(goTree));
});

test('a 64 GiB stick gets 32 KiB clusters and passes fsck.fat', async () => {
  const tree = join(scratch, 'small');
  mkdirSync(tree);
  writeFileSync(join(tree, 'hello.txt'), 'hello\n');
  const composed = await compose({ tree, size: 64 * gib });
  if (!composed.ok) throw new Error(composed.error.detail);
  expect(composed.value.clusterSize).toBe(32 * 1024);
  const image = join(scratch, 'big.img');
  expect((await writePlanToFile(composed.value.plan, image, { threads: testThreads() })).ok).toBe(true);
  expect((await filesOn(image)).map((e) => e.path)).toEqual(['/hello.txt']);
  if (loopDevicesWork()) expect(fsckImage(image, scratch).code).toBe(0); // 64 GiB: only through a loop device
});
