// The composer judged by real tools: sfdisk, fsck.fat and mtools read back what it made.

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { compose } from './compose';
import { partUuid, planBytes } from '../io/plan';
import { writePlanToFile } from '../io/stream';
import {
  asMtoolsShows,
  bootSectors,
  clustersOf,
  contentsOf,
  filesOn,
  fsckImage,
  hashTree,
  mcopyOut,
  mdir,
  openImage,
  readAt,
  sfdiskTable,
} from './testing/tools';
import { writeBigFolder, writeVarietyTree } from './testing/trees';
import { testThreads } from '../io/testing/threads';

const scratch = mkdtempSync(join(tmpdir(), 'compose-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const mib = 1024 * 1024;

async function composeToImage(tree: string, size: number, name: string) {
  const composed = await compose({ tree, size, diskSignature: 0x1234abcd, volumeId: 0xcafe0001 });
  if (!composed.ok) throw new Error(composed.error.detail);
  const image = join(scratch, name);
  const written = await writePlanToFile(composed.value.plan, image, { threads: testThreads() });
  expect(written.ok).toBe(true);
  return { composition: composed.value, image };
}

describe('a tree of many kinds of names', async () => {
  const tree = join(scratch, 'variety');
  await import('node:fs').then((fs) => fs.mkdirSync(tree));
  // 64 MiB: 512-byte clusters, so "exactly one cluster" is 512 bytes.
  writeVarietyTree(tree, 512);
  const { composition, image } = await composeToImage(tree, 64 * mib, 'variety.img');

  test('sfdisk reads one bootable FAT32 (LBA) partition at sector 2048 filling the image', () => {
    const table = sfdiskTable(image);
    expect(table.id).toBe('0x1234abcd');
    expect(partUuid(composition.plan)).toBe('1234abcd-01');
    expect(table.partitions).toEqual([
      { node: `${image}1`, start: 2048, size: (64 * mib) / 512 - 2048, type: 'c', bootable: true },
    ]);
  });

  test('fsck.fat finds nothing wrong', () => {
    const { code, output } = fsckImage(image, scratch);
    expect(output).not.toMatch(/differ|wrong|invalid|bad|orphan|free cluster summary|Marking/i);
    expect(code).toBe(0);
  });

  test('mtools copies every file out byte for byte, with every name intact', () => {
    const out = join(scratch, 'variety-out');
    mcopyOut(image, out);
    expect(hashTree(out)).toEqual(asMtoolsShows(hashTree(tree)));
  });

  test('a name beyond the BMP (an emoji) is stored as its UTF-16 surrogate pair', async () => {
    const entry = (await filesOn(image)).find((e) => e.path === '/emoji 🐹 gopher.txt');
    expect(entry?.size).toBe(55);
  });

  test('the modification time survives (FAT keeps even seconds, local time)', () => {
    const out = join(scratch, 'variety-out');
    expect(statSync(join(out, 'README')).mtime.toISOString()).toBe(
      '2024-02-29T13:37:42.000Z'.replace('Z', 'Z'),
    );
  });

  test('mdir shows the volume label, and 8.3 names keep their own short names', async () => {
    const listing = mdir(image);
    expect(listing).toMatch(/Volume in drive : is SOURCERY/);
    expect(listing).toMatch(/Volume Serial Number is CAFE-0001/);
    const files = await filesOn(image);
    const short = (name: string) => files.find((e) => e.path === `/${name}`)?.storedName;
    expect(short('LONGFI~1.TXT')).toBe('LONGFI~1TXT');
    expect(short('longfilename1.txt')).toBe('LONGFI~2TXT');
    expect(short('UPPER.TXT')).toBe('UPPER   TXT');
    expect(short('lower.txt')).toBe('LOWER   TXT');
  });

  test('FSInfo holds the true free count and the next free cluster; the backup boot sector equals the primary', async () => {
    const volume = await openImage(image);
    await volume.close();
    const { offset, bpb } = volume;
    const { primary: bootSector, backup } = bootSectors(image, volume);
    const info = readAt(image, offset + bpb.bytesPerSector, 512);
    const fsInfo = { free: info.readUInt32LE(488), nextFree: info.readUInt32LE(492) };
    const fatEntry = (cluster: number) =>
      readAt(image, offset + bpb.fatOffset + cluster * 4, 4).readUInt32LE(0) & 0x0fffffff;
    expect(
      info.readUInt32LE(0) === 0x41615252 &&
        info.readUInt32LE(484) === 0x61417272 &&
        info.readUInt32LE(508) === 0xaa550000,
    ).toBe(true);
    expect(backup.equals(bootSector)).toBe(true);
    const used = new Set([...clustersOf(volume.rootRuns), ...volume.files.flatMap((e) => clustersOf(e.runs))])
      .size;
    const total =
      (bootSector.readUInt32LE(32) - bootSector.readUInt16LE(14) - 2 * bootSector.readUInt32LE(36)) >> 0;
    expect(fsInfo.free).toBe(Math.floor(total / bootSector.readUInt8(13)) - used);
    expect(fatEntry(fsInfo.nextFree)).toBe(0);
    expect(fatEntry(fsInfo.nextFree - 1)).not.toBe(0);
  });

  test('hidden sectors say where the partition starts, and the data region is 1 MiB aligned', async () => {
    const volume = await openImage(image);
    await volume.close();
    const boot = bootSectors(image, volume).primary;
    expect(boot.readUInt32LE(28)).toBe(2048);
    const dataStart = boot.readUInt16LE(14) + 2 * boot.readUInt32LE(36);
    expect(dataStart % 2048).toBe(0);
  });

  test('every file is one run of clusters, laid out in order', async () => {
    const files = (await filesOn(image)).filter((e) => !e.isDir && e.size > 0);
    for (const file of files) expect(file.runs).toHaveLength(1);
    const firsts = files.map((f) => f.runs[0]?.first);
    expect(new Set(firsts).size).toBe(firsts.length);
  });

  test('the first and last MiB are written (zeros wipe an old GPT), the rest of the image is holes', () => {
    const extents = composition.plan.extents;
    expect(extents[0]?.offset).toBe(0);
    const last = extents[extents.length - 1];
    expect(last && last.offset + last.length).toBe(64 * mib);
    expect(last?.kind).toBe('zero');
    expect(readAt(image, 512, 512).every((b) => b === 0)).toBe(true);
    expect(statSync(image).blocks * 512).toBeLessThan(planBytes(composition.plan) + 2 * mib);
  });
});

describe('a folder of 10,000 files (mtools is too slow for it: fsck.fat, our own reader, mdir)', async () => {
  const tree = join(scratch, 'big');
  writeBigFolder(join(tree, 'fixedbugs'), 10_000);
  const { image } = await composeToImage(tree, 128 * mib, 'big.img');

  test('fsck.fat finds nothing wrong', () => {
    expect(fsckImage(image, scratch).code).toBe(0);
  });

  test('every name and every byte reads back, and short names are unique', async () => {
    const volume = await openImage(image);
    try {
      const files = volume.files.filter((e) => !e.isDir);
      expect(files).toHaveLength(10_000);
      expect(new Set(files.map((f) => f.storedName)).size).toBe(10_000);
      for (const file of files) {
        const i = Number(file.path.slice('/fixedbugs/'.length).slice(5, 10));
        expect(file.path).toBe(`/fixedbugs/issue${String(i).padStart(5, '0')}.go`);
        expect((await contentsOf(volume, file)).toString()).toBe(`package p${i}\n`);
      }
    } finally {
      await volume.close();
    }
  });

  test('mdir lists all 10,000 files (and "." and ".."), and mtools copies them out intact', () => {
    expect(mdir(image, '::/fixedbugs')).toMatch(/10002 files/);
    const out = join(scratch, 'big-out');
    mcopyOut(image, out);
    expect(hashTree(out)).toEqual(hashTree(tree));
  });
});
