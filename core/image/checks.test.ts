// Every kind of bad input gets its own problem, all of them at once, and nothing is composed.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkTree, compose, composePrepared, minimumSize, prepareTree } from './compose';

const scratch = mkdtempSync(join(tmpdir(), 'checks-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const mib = 1024 * 1024;
let counter = 0;

/** A fresh tree with `files` (name -> contents) and any links or special files made by `extra`. */
function makeTree(files: Record<string, string>, extra?: (root: string) => void): string {
  const root = join(scratch, `tree-${counter++}`);
  mkdirSync(root);
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), data);
  }
  extra?.(root);
  return root;
}

async function problemsOf(tree: string, followSymlinks = false) {
  const checked = await checkTree(tree, { followSymlinks });
  if (!checked.ok) throw new Error(checked.error.detail);
  return checked.value.map((p) => `${p.kind} ${p.path}`);
}

describe('each problem on its own', () => {
  test('names that differ only in case', async () => {
    const tree = makeTree({ 'src/Readme': 'a', 'src/README': 'b', 'src/readme.txt': 'c' });
    expect(await problemsOf(tree)).toEqual(['case-collision /src/Readme']);
  });

  test('names VFAT cannot hold: trailing dot or space, reserved characters, control characters', async () => {
    const names = [
      'dot.',
      'space ',
      'co:lon',
      'st*r',
      'what?',
      'less<',
      'pipe|',
      'quote"',
      'back\\slash',
      'bell\u0007',
    ];
    const tree = makeTree(Object.fromEntries(names.map((n) => [n, 'x'])));
    const problems = await problemsOf(tree);
    expect(problems.sort()).toEqual(names.map((n) => `illegal-name /${n}`).sort());
  });

  test('a name longer than 255 UTF-16 units (a 4-byte UTF-8 character is 2 units)', async () => {
    const tree = makeTree({ [`${'🐹'.repeat(60)}.txt`]: 'x' }); // 240 bytes on disk, 124 units: fine
    expect(await problemsOf(tree)).toEqual([]);
  });

  test('symbolic links: reported unless following is allowed and the link stays inside the tree', async () => {
    const outside = makeTree({ 'secret.txt': 'outside' });
    const tree = makeTree({ 'real/file.txt': 'inside' }, (root) => {
      symlinkSync(join(root, 'real', 'file.txt'), join(root, 'link-in'));
      symlinkSync('real', join(root, 'dir-link'));
      symlinkSync(join(outside, 'secret.txt'), join(root, 'link-out'));
      symlinkSync('nowhere', join(root, 'dangling'));
      symlinkSync('..', join(root, 'real', 'loop'));
    });
    expect(await problemsOf(tree)).toEqual([
      'symlink /dangling',
      'symlink /dir-link',
      'symlink /link-in',
      'symlink /link-out',
      'symlink /real/loop',
    ]);
    // Followed, dir-link is another way into real/, so its loop shows there too.
    expect(await problemsOf(tree, true)).toEqual([
      'symlink /dangling',
      'symlink /dir-link/loop',
      'symlink /link-out',
      'symlink /real/loop',
    ]);
  });

  test('a followed link inside the tree is composed as a copy of its target', async () => {
    const tree = makeTree({ 'real/file.txt': 'inside' }, (root) =>
      symlinkSync('real', join(root, 'dir-link')),
    );
    const prepared = await prepareTree({ tree, followSymlinks: true });
    expect(prepared.ok && prepared.value.dirs.map((d) => d.name)).toEqual(['', 'dir-link', 'real']);
  });

  test('a file of 4 GiB or more (sparse, so the test costs no disk space); 4 GiB - 1 is fine', async () => {
    const tree = makeTree({}, (root) => {
      writeFileSync(join(root, 'four-gib.img'), '');
      truncateSync(join(root, 'four-gib.img'), 4 * 1024 * mib);
      writeFileSync(join(root, 'just-under.img'), '');
      truncateSync(join(root, 'just-under.img'), 4 * 1024 * mib - 1);
    });
    expect(await problemsOf(tree)).toEqual(['too-large-file /four-gib.img']);
  });

  test('things that are not files cannot be read into the stick (a FIFO)', async () => {
    const tree = makeTree({ 'ok.txt': 'x' }, (root) => execFileSync('mkfifo', [join(root, 'pipe')]));
    expect(await problemsOf(tree)).toEqual(['unreadable /pipe']);
  });

  test.skipIf(process.getuid?.() === 0)(
    'a file without read permission (not testable as root, who reads anything)',
    async () => {
      const tree = makeTree({ 'locked.txt': 'x' }, (root) =>
        execFileSync('chmod', ['000', join(root, 'locked.txt')]),
      );
      expect(await problemsOf(tree)).toEqual(['unreadable /locked.txt']);
    },
  );

  test('a boot file that clashes with a tree path, ignoring case', async () => {
    const tree = makeTree({ 'EFI/BOOT/bootx64.efi': 'from the tree' });
    const composed = await compose({
      tree,
      size: 64 * mib,
      extraFiles: [
        { path: '/EFI/BOOT/BOOTX64.EFI', data: new Uint8Array(4) },
        { path: '/EFI/BOOT/bootx64.efi/inner', data: new Uint8Array(1) },
        { path: 'relative', data: new Uint8Array(1) },
      ],
    });
    expect(composed.ok).toBe(false);
    if (composed.ok) return;
    expect(composed.error.code).toBe('E_TREE_INVALID');
    expect(composed.error.detail).toMatch(/^3 problems:/);
    expect(composed.error.detail).toMatch(
      /\/EFI\/BOOT\/BOOTX64\.EFI: clashes with \/EFI\/BOOT\/BOOTX64\.EFI/,
    );
  });
});

test('every problem at once, each with its path, and no composition', async () => {
  const tree = makeTree({ 'a/Go.mod': '1', 'a/go.mod': '2', 'b/bad:name': '3', 'c/ok.txt': '4' }, (root) => {
    symlinkSync('/etc/hostname', join(root, 'c', 'link'));
    execFileSync('mkfifo', [join(root, 'c', 'fifo')]);
    writeFileSync(join(root, 'huge'), '');
    truncateSync(join(root, 'huge'), 5 * 1024 * mib);
  });
  const composed = await compose({ tree, size: 64 * mib });
  expect(composed.ok).toBe(false);
  if (composed.ok) return;
  expect(composed.error.code).toBe('E_TREE_INVALID');
  expect(composed.error.detail.split('\n')).toEqual([
    '5 problems:',
    '/a/go.mod: differs from "Go.mod" only in case; VFAT ignores case',
    '/b/bad:name: the name contains :, which VFAT does not allow',
    '/c/fifo: is a FIFO; only files and folders can go on the stick',
    expect.stringMatching(/^\/c\/link: is a symbolic link; VFAT has none/),
    `/huge: is ${5 * 1024 * mib} bytes; FAT32 files must be under 4 GiB (4294967295 bytes at most)`,
  ]);
});

describe('a tree too large for the target', () => {
  test('says by how many bytes, and that many more (plus the FAT they need) is enough', async () => {
    const tree = makeTree({}, (root) => {
      writeFileSync(join(root, 'big.bin'), '');
      truncateSync(join(root, 'big.bin'), 60 * mib);
    });
    const composed = await compose({ tree, size: 48 * mib });
    expect(composed.ok).toBe(false);
    if (composed.ok) return;
    expect(composed.error.code).toBe('E_TREE_TOO_LARGE');
    const short = Number(/need (\d+) bytes/.exec(composed.error.detail)?.[1]);
    expect(short).toBeGreaterThan(12 * mib);
    expect(short).toBeLessThan(16 * mib);
    const prepared = await prepareTree({ tree });
    if (!prepared.ok) throw new Error('prepare failed');
    expect(composePrepared(prepared.value, { size: 48 * mib + short + mib }).ok).toBe(true);
    const smallest = minimumSize(prepared.value);
    expect(composePrepared(prepared.value, { size: smallest }).ok).toBe(true);
    expect(composePrepared(prepared.value, { size: smallest - mib }).ok).toBe(false);
  });

  test('a target smaller than FAT32 allows at all', async () => {
    const composed = await compose({ tree: makeTree({ 'a.txt': 'x' }), size: 16 * mib });
    expect(!composed.ok && composed.error.code).toBe('E_TREE_TOO_LARGE');
    expect(!composed.ok && composed.error.detail).toMatch(
      /too small for FAT32, which needs at least \d+ bytes/,
    );
  });
});

test('a missing tree is an I/O error, not a crash', async () => {
  const composed = await compose({ tree: join(scratch, 'no-such-folder'), size: 64 * mib });
  expect(!composed.ok && composed.error.code).toBe('E_IO');
});
