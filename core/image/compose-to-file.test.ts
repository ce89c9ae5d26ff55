// Composing while writing: the same image, byte for byte, as composing first; nothing left on failure.

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { compose, type ComposeOptions, type Composition } from './compose';
import { composeToFile } from './compose-to-file';
import { writePlanToFile } from '../io/stream';
import { fsckImage, hashTree, mcopyOut, asMtoolsShows } from './testing/tools';
import { bytes, writeBigFolder, writeVarietyTree } from './testing/trees';
import { testThreads } from '../io/testing/threads';

const scratch = mkdtempSync(join(tmpdir(), 'compose-to-file-test-'));
// Boot files from memory, and the folders made for them, are dated "now": both ways must see the
// same now, or the images differ in those timestamps whenever a 2-second FAT step passes between.
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-27T12:00:00Z'));
});
afterAll(() => {
  vi.useRealTimers();
  rmSync(scratch, { recursive: true, force: true });
});
const mib = 1024 * 1024;

/** A tree with every kind of name, a 1,500-file folder and files of many sizes, 8 MiB in all. */
function makeTree(name: string): string {
  const tree = join(scratch, name);
  mkdirSync(tree);
  writeVarietyTree(tree, 512);
  writeBigFolder(join(tree, 'big'), 1500);
  mkdirSync(join(tree, 'sizes'));
  for (let i = 0; i < 40; i++)
    writeFileSync(join(tree, 'sizes', `f${i}`), bytes((i * 211_111) % (3 * mib), i));
  return tree;
}

const bootFile = join(scratch, 'kernel.bin');
writeFileSync(bootFile, bytes(1_500_000, 77));

/** The options both ways get: fixed identifiers, and boot files from memory and from disk. */
const optionsFor = (tree: string, size: number): ComposeOptions => ({
  tree,
  size,
  diskSignature: 0x5eed0001,
  volumeId: 0x5eed0002,
  extraFiles: [
    { path: '/syslinux.cfg', data: new TextEncoder().encode('DEFAULT linux\n') },
    { path: '/boot/x86_64/vmlinuz', source: bootFile },
    { path: '/big/zz-boot-file', data: bytes(70_000, 5) },
  ],
});

/** What a boot installer does after layout: MBR code, and a boot file's bytes replaced. */
const install = (composition: Composition) => {
  composition.setMbrBootCode(new Uint8Array(440).fill(0x90));
  composition.replaceFileBytes('/syslinux.cfg', new TextEncoder().encode('DEFAULT other\n'));
};

async function bothWays(tree: string, size: number, name: string) {
  const first = join(scratch, `${name}-composed-first.img`);
  const composed = await compose(optionsFor(tree, size));
  if (!composed.ok) throw new Error(composed.error.detail);
  install(composed.value);
  expect((await writePlanToFile(composed.value.plan, first, { threads: testThreads() })).ok).toBe(true);

  const overlapped = join(scratch, `${name}-overlapped.img`);
  const progress: number[] = [];
  const written = await composeToFile(overlapped, {
    threads: testThreads(),
    ...optionsFor(tree, size),
    onComposed: install,
    onProgress: (p) => progress.push(p.bytesWritten / p.totalBytes),
  });
  if (!written.ok) throw new Error(written.error.detail);
  return { first, overlapped, progress };
}

for (const [size, clusters] of [
  [64 * mib, '512-byte'],
  [600 * mib, '4 KiB'],
] as const)
  test(`the image equals composing first, then writing (${clusters} clusters)`, async () => {
    const tree = makeTree(`tree-${size}`);
    const { first, overlapped, progress } = await bothWays(tree, size, String(size));
    expect(readFileSync(overlapped).equals(readFileSync(first))).toBe(true);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // Judged apart from the other way too: fsck and mtools read it back.
    const { code, output } = fsckImage(overlapped, scratch);
    expect(output).not.toMatch(/differ|wrong|invalid|bad|orphan|free cluster summary|Marking/i);
    expect(code).toBe(0);
    const out = join(scratch, `out-${size}`);
    mcopyOut(overlapped, out);
    const expected = asMtoolsShows(hashTree(tree));
    const got = hashTree(out);
    for (const [path, hash] of expected) expect(got.get(path), path).toBe(hash);
  });

test('a tree with a problem found late writes nothing, and an old image stays as it was', async () => {
  const tree = makeTree('late-problem');
  mkdirSync(join(tree, 'zz-last'));
  writeFileSync(join(tree, 'zz-last', 'Clash'), 'a');
  writeFileSync(join(tree, 'zz-last', 'clash'), 'b');
  const image = join(scratch, 'late-problem.img');
  writeFileSync(image, 'the old image');
  const written = await composeToFile(image, { threads: testThreads(), tree, size: 64 * mib });
  expect(!written.ok && written.error.code).toBe('E_TREE_INVALID');
  expect(!written.ok && written.error.detail).toMatch(/zz-last\/clash: differs from "Clash" only in case/);
  expect(readFileSync(image, 'utf8')).toBe('the old image');
  expect(readdirSync(scratch).filter((name) => name.endsWith('.partial'))).toEqual([]);
});

test('a tree too large for the size, or a size too small for FAT32, says by how much and writes nothing', async () => {
  const tree = join(scratch, 'too-large');
  mkdirSync(tree);
  for (let i = 0; i < 5; i++) writeFileSync(join(tree, `f${i}`), bytes(8 * mib, i));
  const image = join(scratch, 'too-large.img');
  const written = await composeToFile(image, { threads: testThreads(), tree, size: 36 * mib });
  expect(!written.ok && written.error.code).toBe('E_TREE_TOO_LARGE');
  expect(!written.ok && written.error.detail).toMatch(/need \d+ bytes .* more than the 37748736-byte target/);
  expect(existsSync(image)).toBe(false);
  const tiny = await composeToFile(image, { threads: testThreads(), tree, size: 10 * mib });
  expect(!tiny.ok && tiny.error.detail).toMatch(/too small for FAT32, which needs at least \d+ bytes/);
  expect(existsSync(image)).toBe(false);
});

test('cancelling while the tree is scanned stops, says so, and leaves no image', async () => {
  const tree = makeTree('cancelled');
  const controller = new AbortController();
  const image = join(scratch, 'cancelled.img');
  const writing = composeToFile(image, {
    threads: testThreads(),
    tree,
    size: 64 * mib,
    signal: controller.signal,
  });
  setImmediate(() => controller.abort());
  const written = await writing;
  expect(!written.ok && written.error.code).toBe('E_CANCELLED');
  expect(existsSync(image)).toBe(false);
  expect(readdirSync(scratch).filter((name) => name.endsWith('.partial'))).toEqual([]);
});
