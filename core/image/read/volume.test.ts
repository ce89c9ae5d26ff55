// The stick reader against images the composer made and mtools reads: same files, same bytes.

import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../compose';
import { writePlanToFile } from '../../io/stream';
import { isBootFile } from './boot-files';
import { compareWithTree } from './compare-tree';
import { openVolume, type Volume } from './volume';
import { testThreads } from '../../io/testing/threads';

const dir = mkdtempSync(join(tmpdir(), 'fat-read-'));
const tree = join(dir, 'tree');
const image = join(dir, 'stick.img');
const mib = 1024 * 1024;

/** Deterministic bytes that differ per file, so a swapped cluster shows. */
const pattern = (length: number, seed: number): Buffer =>
  Buffer.from(Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff));

beforeAll(async () => {
  mkdirSync(join(tree, 'go', 'src', 'A Long Folder Name with spaces'), { recursive: true });
  mkdirSync(join(tree, 'empty-dir'));
  writeFileSync(join(tree, 'README'), 'hello\n');
  writeFileSync(join(tree, 'empty.txt'), '');
  writeFileSync(join(tree, 'go', 'VERSION'), 'go1.19.8\n');
  writeFileSync(
    join(tree, 'go', 'src', 'A Long Folder Name with spaces', 'größe-ünïcode.go'),
    pattern(70_000, 3),
  );
  writeFileSync(join(tree, 'go', 'src', 'big.bin'), pattern(3 * mib + 17, 9));
  for (let i = 0; i < 40; i += 1) writeFileSync(join(tree, 'go', `file-number-${i}.txt`), `file ${i}\n`);
  const composed = await compose({ tree, size: 64 * mib });
  if (!composed.ok) throw new Error(composed.error.detail);
  const written = await writePlanToFile(composed.value.plan, image, { threads: testThreads() });
  if (!written.ok) throw new Error(written.error.detail);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withVolume<T>(path: string, use: (v: Volume) => Promise<T>): Promise<T> {
  const opened = await openVolume(path);
  if (!opened.ok) throw new Error(opened.error.detail);
  try {
    return await use(opened.value);
  } finally {
    await opened.value.close();
  }
}

describe('reading a composed stick', () => {
  it('lists the same paths as mtools', async () => {
    const ours = await withVolume(image, async (v) => v.files.map((f) => f.path).sort());
    const listing = execFileSync('mdir', ['-/', '-b', '-i', `${image}@@1M`, '::/'], { encoding: 'utf8' });
    const theirs = listing
      .split('\n')
      .filter(Boolean)
      .map((line) => line.replace(/^::/, '').replace(/\/$/, ''))
      .sort();
    expect(ours).toEqual(theirs);
    expect(ours).toContain('/go/src/A Long Folder Name with spaces/größe-ünïcode.go');
  });

  it('finds the folder and the stick equal', async () => {
    const result = await withVolume(image, (v) => compareWithTree(v, tree));
    expect(result).toMatchObject({ missing: [], extra: [], different: [] });
    expect(result.filesChecked).toBe(45);
  });

  it('names the file whose byte was flipped, and the byte', async () => {
    const copy = join(dir, 'flipped.img');
    writeFileSync(copy, readFileSync(image));
    const target = await withVolume(copy, async (v) => v.files.find((f) => f.path === '/go/src/big.bin'));
    const run = target?.runs[0];
    if (!run) throw new Error('big.bin has no clusters');
    const offset = await withVolume(
      copy,
      async (v) => v.bpb.dataOffset + (run.first - 2) * v.bpb.bytesPerCluster,
    );
    const fd = openSync(copy, 'r+');
    const at = mib + offset + 5000;
    writeSync(fd, Buffer.from([(pattern(5001, 9)[5000] ?? 0) ^ 0xff]), 0, 1, at);
    closeSync(fd);
    const result = await withVolume(copy, (v) => compareWithTree(v, tree));
    expect(result.different).toEqual([{ path: '/go/src/big.bin', reason: 'byte 5000 differs' }]);
    expect(result.missing).toEqual([]);
  });

  it('lists missing and extra files by path', async () => {
    writeFileSync(join(tree, 'added-later.txt'), 'new\n');
    rmSync(join(tree, 'README'));
    try {
      const result = await withVolume(image, (v) => compareWithTree(v, tree));
      expect(result.missing).toEqual(['/added-later.txt']);
      expect(result.extra).toEqual(['/README']);
    } finally {
      rmSync(join(tree, 'added-later.txt'));
      writeFileSync(join(tree, 'README'), 'hello\n');
    }
  });

  it('refuses a stick whose first MiB was zeroed, saying so', async () => {
    const zeroed = join(dir, 'zeroed.img');
    writeFileSync(zeroed, readFileSync(image));
    const fd = openSync(zeroed, 'r+');
    writeSync(fd, Buffer.alloc(mib), 0, mib, 0);
    closeSync(fd);
    const opened = await openVolume(zeroed);
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error.detail).toContain('no boot signature');
  });

  it('knows the boot files the composer adds', () => {
    expect(
      ['/boot/amd64/vmlinuz', '/EFI/BOOT/BOOTX64.EFI', '/ldlinux.c32', '/syslinux.cfg', '/boot.scr'].every(
        isBootFile,
      ),
    ).toBe(true);
    expect(isBootFile('/bootstrap.go')).toBe(false);
  });
});
