// `sourcery-flash compose` end to end, as a user runs it: a real process, real images, real tools.

import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { asMtoolsShows, fsckImage, hashTree, mcopyOut, sfdiskTable } from '../../core/image/testing/tools';
import { writeVarietyTree } from '../../core/image/testing/trees';
import { runBuiltCli } from '../testing/built-cli';
import { runCli } from '../testing/run-cli';

const scratch = mkdtempSync(join(tmpdir(), 'compose-cli-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the built CLI, as a user's `sourcery-flash` does. */
const cli = (...args: string[]) => runBuiltCli(args);

const tree = join(scratch, 'tree');
mkdirSync(tree);
writeVarietyTree(tree, 512);

test('compose --size 64M makes an image that sfdisk, fsck.fat and mtools accept', () => {
  const image = join(scratch, 'stick.img');
  const run = cli('compose', '--tree', tree, '--out', image, '--size', '64M', '--label', 'gophers');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/64 MiB stick, FAT32 with 512 B clusters/);
  expect(run.stdout).toMatch(/^root=PARTUUID=[0-9a-f]{8}-01$/m);
  expect(statSync(image).size).toBe(64 * 1024 * 1024);
  expect(sfdiskTable(image).partitions[0]).toMatchObject({ start: 2048, type: 'c', bootable: true });
  expect(fsckImage(image, scratch).code).toBe(0);
  const out = join(scratch, 'out');
  mcopyOut(image, out);
  expect(hashTree(out)).toEqual(asMtoolsShows(hashTree(tree)));
});

test('without --size the image is the smallest that fits plus a margin, and says so', () => {
  const image = join(scratch, 'default.img');
  const run = cli('compose', '--tree', tree, '--out', image);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/size: smallest that fits \+ margin/);
  expect(fsckImage(image, scratch).code).toBe(0);
  expect(cli('compose', '--help').stdout).toMatch(
    /Default: the smallest size that holds the folder, plus 10%/,
  );
});

test('bad input: every problem listed, exit code 3, no image', () => {
  const bad = join(scratch, 'bad');
  mkdirSync(bad);
  for (const name of ['Go.mod', 'go.mod', 'what?']) writeFileSync(join(bad, name), 'x');
  const image = join(scratch, 'bad.img');
  const run = cli('compose', '--tree', bad, '--out', image);
  expect(run.code).toBe(3);
  expect(run.stderr).toMatch(/^error: The files cannot be put on a FAT32 stick/);
  expect(run.stderr).toMatch(/\/go\.mod: differs from "Go\.mod" only in case/);
  expect(run.stderr).toMatch(/\/what\?: the name contains \?/);
  expect(run.stderr).toMatch(/what to do: Rename, remove or move the files listed/);
  expect(existsSync(image)).toBe(false);
});

test('a target too small says by how much, exit code 3; usage mistakes exit 2', () => {
  const big = join(scratch, 'big');
  mkdirSync(big);
  writeFileSync(join(big, 'blob.bin'), '');
  truncateSync(join(big, 'blob.bin'), 40 * 1024 * 1024);
  const run = cli('compose', '--tree', big, '--out', join(scratch, 'small.img'), '--size', '40M');
  expect(run.code).toBe(3);
  expect(run.stderr).toMatch(
    /The files need \d+ bytes \([\d.]+ MiB\) more than the 41943040-byte target holds/,
  );
  expect(cli('compose', '--tree', tree, '--out', 'x.img', '--size', '2X').code).toBe(2);
  expect(cli('compose', '--out', 'x.img').stderr).toMatch(/--tree DIR is required/);
});

test('compose --json prints one result line with the PARTUUID that sfdisk reads back', async () => {
  const image = join(scratch, 'json.img');
  const { code, out } = await runCli(['compose', '--tree', tree, '--out', image, '--size', '64M', '--json']);
  expect(code).toBe(0);
  const result = JSON.parse(out) as { type: string; image: string; size: number; partUuid: string };
  expect(result).toMatchObject({ type: 'result', image, size: 64 * 1024 * 1024 });
  expect(sfdiskTable(image)).toMatchObject({ id: `0x${result.partUuid.slice(0, 8)}` });
});
