// composeStick, the one "make a stick" pipeline: its margin rule, whole-MiB sizes, and the image it writes.

import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { minimumSize, prepareTree } from '../image/compose';
import { compareWithTree } from '../image/read/compare-tree';
import { openVolume } from '../image/read/volume';
import { writeVarietyTree } from '../image/testing/trees';
import { composeStick, wholeMiB, withMargin } from './compose-stick';
import { testThreads } from '../io/testing/threads';

const mib = 1024 * 1024;
const scratch = mkdtempSync(join(tmpdir(), 'compose-stick-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const tree = join(scratch, 'tree');
mkdirSync(tree);
writeVarietyTree(tree, 512);

test('the margin: 10% of the smallest size, never less than 16 MiB, in whole MiB', () => {
  expect(withMargin(40 * mib)).toBe(56 * mib); // 10% would be 4 MiB: the 16 MiB floor wins
  expect(withMargin(1000 * mib)).toBe(1100 * mib);
  expect(withMargin(1000 * mib + 1)).toBe(1101 * mib);
  expect(wholeMiB(64 * mib + 4096)).toBe(64 * mib);
});

test('smallest: the tree laid out on the smallest stick that holds it plus the margin', async () => {
  const prepared = await prepareTree({ tree });
  if (!prepared.ok) throw new Error(prepared.error.detail);
  const stick = await composeStick({ tree, size: 'smallest' });
  if (!stick.ok) throw new Error(stick.error.detail);
  expect(stick.value.composition.plan.size).toBe(withMargin(minimumSize(prepared.value)));
  expect(stick.value.heldPaths).toEqual([tree]);
  expect(stick.value.bytesWritten).toBe(0);
});

test('a given size is rounded down to whole MiB, and an image file holds the tree byte for byte', async () => {
  for (const size of [40 * mib + 12345, 'smallest' as const]) {
    const file = join(scratch, `stick-${size}.img`);
    const stick = await composeStick({ tree, size, out: { file, threads: testThreads() } });
    if (!stick.ok) throw new Error(stick.error.detail);
    const bytes = stick.value.composition.plan.size;
    if (size !== 'smallest') expect(bytes).toBe(40 * mib);
    expect(statSync(file).size).toBe(bytes);
    expect(stick.value.bytesWritten).toBeGreaterThan(0);
    const volume = await openVolume(file);
    if (!volume.ok) throw new Error(volume.error.detail);
    const compared = await compareWithTree(volume.value, tree);
    await volume.value.close();
    expect(compared).toMatchObject({ missing: [], extra: [], different: [] });
  }
});

test('a folder that does not exist is an E_IO naming it, before anything else', async () => {
  const missing = join(scratch, 'nope');
  const stick = await composeStick({
    tree: missing,
    size: 'smallest',
    boot: { kernels: { amd64: '/nope' } },
  });
  expect(stick.ok).toBe(false);
  if (!stick.ok) expect(stick.error).toMatchObject({ code: 'E_IO', detail: `${missing} does not exist.` });
});
