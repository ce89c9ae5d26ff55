// Image-file targets through the built CLI: the size of an existing image, a new one needing
// --size, and other files left alone (issue 14, item 4).

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runBuiltCli } from '../testing/built-cli';

const gib = 2 ** 30;
let dir = '';
let tree = '';
const flash = (...args: string[]) => runBuiltCli(['flash', '--tree', tree, ...args]);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-image-targets-'));
  tree = join(dir, 'root');
  mkdirSync(join(tree, 'go'), { recursive: true });
  writeFileSync(join(tree, 'go', 'VERSION'), 'go1.19.8\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('refuses a new image file without --size as a usage error that names --size', () => {
  const image = join(dir, 'new.img');
  const run = flash('--drive', image);
  expect(run.code).toBe(2);
  expect(run.stderr.split('\n\n')[0]).toContain('--size');
  expect(run.stderr).not.toMatch(/\bbug\b/i);
  expect(existsSync(image)).toBe(false);
});

it('takes the size of existing images it made when --size is absent, and says so', () => {
  const [a, b] = [join(dir, 'a.img'), join(dir, 'b.img')];
  expect(flash('--drive', a, '--drive', b, '--size', '4G').code).toBe(0);
  const again = flash('--drive', a, '--drive', b, '--yes');
  expect(again.stderr).toBe('');
  expect(again.code).toBe(0);
  expect(again.stdout).toContain(`No --size given: the image takes the size of ${a}`);
  expect(again.stdout).toContain(`(${4 * gib} bytes)`);
  expect(again.stdout.match(/^ok: .* written and verified$/gm)).toHaveLength(2);
  expect(statSync(a).size).toBe(4 * gib);
  expect(statSync(b).size).toBe(4 * gib);
});

it('leaves an existing file it did not make alone, saying what to do instead', () => {
  const notes = join(dir, 'notes.txt');
  writeFileSync(notes, 'my notes\n');
  const run = flash('--drive', notes, '--size', '64M');
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('is not an image Sourcery Flasher made');
  expect(run.stderr).toContain('what to do: Choose a new file name');
  expect(readFileSync(notes, 'utf8')).toBe('my notes\n');
});
