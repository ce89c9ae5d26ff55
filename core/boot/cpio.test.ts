// The newc writer against GNU cpio: names, modes, contents and the /dev/console device node.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { writeCpio } from './cpio';

test('GNU cpio lists and extracts what we wrote', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sourcery-cpio-'));
  const archive = writeCpio([
    { path: 'dev', kind: 'dir' },
    { path: 'dev/console', kind: 'char', major: 5, minor: 1 },
    { path: 'lib', kind: 'dir' },
    { path: 'lib/odd-length.txt', kind: 'file', data: new TextEncoder().encode('abcde') },
    { path: 'init', kind: 'file', data: new Uint8Array([0x7f, 0x45, 0x4c, 0x46]), mode: 0o755 },
  ]);
  writeFileSync(join(dir, 'a.cpio'), archive);
  const listing = execFileSync('cpio', ['-itv', '-F', join(dir, 'a.cpio')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  expect(listing).toMatch(/crw------- .* 5, +1 .* dev\/console/);
  expect(listing).toMatch(/-rwxr-xr-x .* init/);
  const out = join(dir, 'out');
  execFileSync('sh', ['-c', `mkdir ${out} && cd ${out} && cpio -id --quiet -F ${join(dir, 'a.cpio')}`]);
  expect(readFileSync(join(out, 'lib/odd-length.txt'), 'utf8')).toBe('abcde');
  const console = statSync(join(out, 'dev/console'));
  expect(console.isCharacterDevice()).toBe(true);
  expect([Math.floor(console.rdev / 256), console.rdev % 256]).toEqual([5, 1]);
});
