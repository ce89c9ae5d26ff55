// `verify` end to end on image files made by `compose`: equal, a flipped byte, missing files, no stick.

import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVolume } from '../../core/image/read/volume';
import { runCli } from '../testing/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'cli-verify-'));
const tree = join(dir, 'tree');
const image = join(dir, 'stick.img');

/** Flips one byte of a file's data on the image, found with our reader. */
async function flipByte(path: string, at: number): Promise<void> {
  const opened = await openVolume(image);
  if (!opened.ok) throw new Error(opened.error.detail);
  const { bpb, files } = opened.value;
  await opened.value.close();
  const first = files.find((f) => f.path === path)?.runs[0]?.first;
  if (first === undefined) throw new Error(`${path} is not on the image`);
  const offset = 1024 * 1024 + bpb.dataOffset + (first - 2) * bpb.bytesPerCluster + at;
  const fd = openSync(image, 'r+');
  writeSync(fd, Buffer.from([0x5a]), 0, 1, offset);
  closeSync(fd);
}

beforeAll(async () => {
  mkdirSync(join(tree, 'go', 'src'), { recursive: true });
  writeFileSync(join(tree, 'go', 'VERSION'), 'go1.19.8\n');
  writeFileSync(join(tree, 'go', 'src', 'a-rather-long-file-name.go'), 'package main\n'.repeat(5000));
  const composed = await runCli(['compose', '--tree', tree, '--out', image, '--size', '48M']);
  expect(composed.code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sourcery-flash verify', () => {
  it('says ok (exit 0) for the stick of the folder', async () => {
    const { code, out } = await runCli(['verify', '--tree', tree, '--drive', image]);
    expect(code).toBe(0);
    expect(out).toContain('ok: ');
    expect(out).toContain('2 files');
  });

  it('names a file missing on the stick, and one not in the folder (exit 6)', async () => {
    writeFileSync(join(tree, 'NEW'), 'added\n');
    rmSync(join(tree, 'go', 'VERSION'));
    try {
      const { code, out, err } = await runCli(['verify', '--tree', tree, '--drive', image]);
      expect(code).toBe(6);
      expect(out).toContain('missing on the stick (1):\n  /NEW');
      expect(out).toContain('on the stick but not in the folder (1):\n  /go/VERSION');
      expect(err).toContain('does not match the folder');
    } finally {
      rmSync(join(tree, 'NEW'));
      writeFileSync(join(tree, 'go', 'VERSION'), 'go1.19.8\n');
    }
  });

  it('catches a flipped byte and names the file and the byte (exit 6), also as JSON', async () => {
    await flipByte('/go/src/a-rather-long-file-name.go', 20_000);
    const { code, out } = await runCli(['verify', '--tree', tree, '--drive', image, '--json']);
    expect(code).toBe(6);
    const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    expect(result).toMatchObject({
      type: 'result',
      ok: false,
      missing: [],
      extra: [],
      different: [{ path: '/go/src/a-rather-long-file-name.go', reason: 'byte 20000 differs' }],
    });
  });

  it('says what is wrong with something that is not a stick (exit 6) or not there (exit 3)', async () => {
    const blank = join(dir, 'blank.img');
    writeFileSync(blank, Buffer.alloc(1024 * 1024));
    const zeroed = await runCli(['verify', '--tree', tree, '--drive', blank]);
    expect(zeroed.code).toBe(6);
    expect(zeroed.err).toContain('no boot signature');
    const missing = await runCli(['verify', '--tree', tree, '--drive', join(dir, 'nope.img')]);
    expect(missing.code).toBe(3);
    expect(missing.err).toContain('cannot be opened for reading');
  });
});
