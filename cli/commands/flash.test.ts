// `sourcery-flash flash` and `drives` through main(), on image files: a real FAT32 stick comes out.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli';
import { sizeFlag } from '../size-flag';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-flash-'));
  mkdirSync(join(dir, 'root', 'go', 'src', 'fmt'), { recursive: true });
  writeFileSync(join(dir, 'root', 'go', 'src', 'fmt', 'print.go'), 'package fmt\n'.repeat(5000));
  writeFileSync(join(dir, 'root', 'README'), 'a sourcery root\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('writes and verifies two image files that are valid FAT32 sticks holding the tree', async () => {
  const images = [join(dir, 'one.img'), join(dir, 'two.img')];
  const { code, out, err } = await runCli([
    'flash',
    '--tree',
    join(dir, 'root'),
    '--drive',
    images[0] ?? '',
    '--drive',
    images[1] ?? '',
    '--size',
    '40M',
  ]);
  expect(err).toBe('');
  expect(code).toBe(0);
  expect(out).toMatch(/ok: .*one\.img: .* written and verified/);
  expect(out).toMatch(/verifying/);
  for (const image of images) {
    const listing = execFileSync('mdir', ['-b', '-i', `${image}@@1M`, '::/go/src/fmt'], { encoding: 'utf8' });
    expect(listing).toContain('print.go');
    const text = execFileSync('mtype', ['-i', `${image}@@1M`, '::/README'], { encoding: 'utf8' });
    expect(text).toBe('a sourcery root\n');
  }
});

it('--json reports progress lines and one result a script can read', async () => {
  const image = join(dir, 'json.img');
  const { code, out } = await runCli([
    'flash',
    '--tree',
    join(dir, 'root'),
    '--drive',
    image,
    '--size',
    '40M',
    '--json',
  ]);
  expect(code).toBe(0);
  const lines = out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
  const phases = new Set(lines.filter((l) => l.type === 'progress').map((l) => l.phase));
  expect(phases).toContain('writing');
  expect(phases).toContain('verifying');
  const result = lines.at(-1) as {
    type: string;
    targets: { device: string; ok: boolean; verified: boolean }[];
  };
  expect(result.type).toBe('result');
  expect(result.targets).toEqual([expect.objectContaining({ device: image, ok: true, verified: true })]);
});

it('asks for a size when every target is an image file', async () => {
  const { code, err } = await runCli(['flash', '--tree', join(dir, 'root'), '--drive', join(dir, 'x.img')]);
  expect(code).toBe(2);
  expect(err).toContain('--size');
});

it("lists drives as JSON, with this machine's root disk marked system", async () => {
  const { code, out } = await runCli(['drives', '--json']);
  expect(code).toBe(0);
  const drives = JSON.parse(out) as Array<{ system: boolean; systemReasons: string[] }>;
  expect(drives.some((d) => d.system && d.systemReasons.some((r) => r.endsWith('mounted at /')))).toBe(true);
});

it('reads sizes in binary units', () => {
  expect(sizeFlag('size', '64M')).toBe(64 * 2 ** 20);
  expect(sizeFlag('size', '2GiB')).toBe(2 * 2 ** 30);
  expect(() => sizeFlag('size', 'lots')).toThrow('--size');
});
