// A small tree on a big stick: the plan and the image hold the tree and the FATs, not the stick.

import { mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { compose } from './compose';
import { planBytes } from '../io/plan';
import { writePlanToFile } from '../io/stream';
import { fsckImage, loopDevicesWork, sfdiskTable } from './testing/tools';
import { testThreads } from '../io/testing/threads';

const scratch = mkdtempSync(join(tmpdir(), 'sparse-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const mib = 1024 * 1024;
const gib = 1024 * mib;

test('100 MB of files on a 32 GiB target: plan and image at most 1.1 x (tree + FAT tables)', async () => {
  const tree = join(scratch, 'tree');
  for (let d = 0; d < 10; d++) {
    mkdirSync(join(tree, `pkg${d}`), { recursive: true });
    for (let f = 0; f < 10; f++) {
      // Sparse source files (read back as zeros): the test is about layout, not about disk speed.
      const file = join(tree, `pkg${d}`, `file${f}.bin`);
      writeFileSync(file, `header ${d} ${f}`);
      truncateSync(file, mib + d * 1000 + f);
    }
  }
  const treeBytes = 100 * mib + 100 * 4500;
  const composed = await compose({ tree, size: 32 * gib });
  if (!composed.ok) throw new Error(composed.error.detail);
  const plan = composed.value.plan;
  const fatTables = plan.extents
    .filter((e) => e.label.startsWith('FAT #'))
    .reduce((sum, e) => sum + e.length, 0);
  expect(composed.value.clusterSize).toBe(16 * 1024); // Microsoft's table for 16-32 GB
  expect(fatTables).toBeGreaterThan(2 * 7 * mib); // two FATs of ~2 M entries, written in full
  expect(planBytes(plan)).toBeLessThanOrEqual(1.1 * (treeBytes + fatTables));

  const image = join(scratch, 'stick.img');
  expect((await writePlanToFile(plan, image, { threads: testThreads() })).ok).toBe(true);
  const st = statSync(image);
  expect(st.size).toBe(32 * gib);
  expect(st.blocks * 512).toBeLessThanOrEqual(1.1 * (treeBytes + fatTables));
  expect(sfdiskTable(image).partitions[0]).toMatchObject({ start: 2048, size: (32 * gib - mib) / 512 });
});

test.skipIf(!loopDevicesWork())(
  'fsck.fat accepts the 32 GiB file system (through a loop device: needs root)',
  async () => {
    const image = join(scratch, 'stick.img');
    const { code, output } = fsckImage(image, scratch);
    expect(output).toMatch(/: 111 files, \d+\/2096000 clusters/); // 100 files, 10 folders, the root
    expect(code).toBe(0);
  },
);
