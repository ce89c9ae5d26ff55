// The boot issue's hooks: extra files, their sector lists, MBR and boot-sector code, patched bytes.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { compose } from './compose';
import { writePlanToFile } from '../io/stream';
import {
  bootSectors,
  filesOn,
  fsckImage,
  hashTree,
  mcopyOut,
  openImage,
  readAt,
  sfdiskTable,
} from './testing/tools';
import { bytes } from './testing/trees';
import { testThreads } from '../io/testing/threads';

const scratch = mkdtempSync(join(tmpdir(), 'hooks-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const mib = 1024 * 1024;

test('boot files join the tree, land contiguously where sectorsOf says, and take the boot code given', async () => {
  const tree = join(scratch, 'tree');
  mkdirSync(join(tree, 'EFI'), { recursive: true });
  writeFileSync(join(tree, 'EFI', 'readme.txt'), 'tree file in a folder boot files also use');
  const kernel = join(scratch, 'vmlinuz');
  writeFileSync(kernel, bytes(70_000, 1));
  const ldlinux = bytes(60_000, 2);
  const composed = await compose({
    tree,
    size: 300 * mib, // 4 KiB clusters: a sector list is more than a cluster list
    extraFiles: [
      { path: '/ldlinux.sys', data: ldlinux, contiguous: true },
      { path: '/EFI/BOOT/BOOTRISCV64.EFI', source: kernel },
      { path: '/syslinux.cfg', data: new TextEncoder().encode('DEFAULT linux\n') },
    ],
  });
  if (!composed.ok) throw new Error(composed.error.detail);
  const c = composed.value;
  expect(c.clusterSize).toBe(4096);
  expect(c.partitionOffset).toBe(mib);

  const sectors = c.sectorsOf('/ldlinux.sys');
  expect(sectors).toHaveLength(Math.ceil(60_000 / 512));
  expect(sectors.every((s, i) => i === 0 || s === (sectors[i - 1] as number) + 1)).toBe(true);
  // As syslinux does: patch the file with its own sector list after layout.
  const patched = new Uint8Array(ldlinux);
  new DataView(patched.buffer).setUint32(0, sectors[0] as number, true);
  c.replaceFileBytes('/ldlinux.sys', patched);
  expect(() => c.replaceFileBytes('/ldlinux.sys', new Uint8Array(3))).toThrow(/must be too/);
  expect(() => c.replaceFileBytes('/EFI/BOOT/BOOTRISCV64.EFI', new Uint8Array(70_000))).toThrow(/in memory/);

  const mbrCode = new Uint8Array(440).fill(0x90);
  c.setMbrBootCode(mbrCode);
  c.updateBootSector((sector) => sector.fill(0xf4, 90, 420)); // code around the BPB, as syslinux writes

  const image = join(scratch, 'boot.img');
  expect((await writePlanToFile(c.plan, image, { threads: testThreads() })).ok).toBe(true);

  const onDisk = Buffer.concat(sectors.map((s) => readAt(image, s * 512, 512))).subarray(0, 60_000);
  expect(onDisk.equals(Buffer.from(patched))).toBe(true);
  expect(readAt(image, 0, 440).every((b) => b === 0x90)).toBe(true);
  expect(sfdiskTable(image).partitions[0]).toMatchObject({ start: 2048, type: 'c', bootable: true });

  const volume = await openImage(image);
  await volume.close();
  const boot = bootSectors(image, volume);
  expect(boot.primary.subarray(90, 420).every((b) => b === 0xf4)).toBe(true);
  expect(boot.backup.equals(boot.primary)).toBe(true);
  expect(fsckImage(image, scratch).code).toBe(0);

  const out = join(scratch, 'out');
  mcopyOut(image, out);
  const files = hashTree(out);
  expect([...files.keys()].sort()).toEqual([
    '/EFI',
    '/EFI/BOOT',
    '/EFI/BOOT/BOOTRISCV64.EFI',
    '/EFI/readme.txt',
    '/ldlinux.sys',
    '/syslinux.cfg',
  ]);
  expect(files.get('/EFI/BOOT/BOOTRISCV64.EFI')).toBe(hashTree(scratch).get('/vmlinuz'));
});

test('a stick of boot files alone, without a tree', async () => {
  const composed = await compose({
    size: 40 * mib,
    extraFiles: [{ path: '/boot.scr', data: bytes(1000, 3) }],
  });
  if (!composed.ok) throw new Error(composed.error.detail);
  const image = join(scratch, 'alone.img');
  expect((await writePlanToFile(composed.value.plan, image, { threads: testThreads() })).ok).toBe(true);
  expect(fsckImage(image, scratch).code).toBe(0);
  expect((await filesOn(image)).map((e) => e.path)).toEqual(['/boot.scr']);
});
