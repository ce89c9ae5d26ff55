// Short-name rules: 8.3 names keep themselves, others get unique numeric tails, legal names pass.

import { expect, test } from 'vitest';
import { exactShortName, nameProblem, ShortNames } from './names';

test('8.3 names keep themselves; case bits restore all-lower parts; mixed case needs a long name', () => {
  expect(exactShortName('print.go')).toEqual({ name: 'PRINT   GO ', caseFlags: 0x18, lfn: false });
  expect(exactShortName('README')).toEqual({ name: 'README     ', caseFlags: 0, lfn: false });
  expect(exactShortName('FOO.c')).toEqual({ name: 'FOO     C  ', caseFlags: 0x10, lfn: false });
  expect(exactShortName('Makefile')).toEqual({ name: 'MAKEFILE   ', caseFlags: 0, lfn: true });
  for (const name of ['.git', 'a.b.c', 'toolongname', 'x.long', 'has space', 'plus+', 'trail.'])
    expect(exactShortName(name)).toBeUndefined();
});

test('generated names follow the basis-name rules and never repeat in a folder', () => {
  const names = new ShortNames();
  names.reserve('LONGFI~1.TXT');
  expect(names.generate('longfilename.txt').name).toBe('LONGFI~2TXT');
  expect(names.generate('longfilename2.txt').name).toBe('LONGFI~3TXT');
  expect(names.generate('.gitignore').name).toBe('GITIGN~1   ');
  expect(names.generate('x+y.tar.gz').name).toBe('X_YTAR~1GZ ');
  expect(names.generate('日本.txt').name).toBe('__~1    TXT');
  const seen = new Set<string>();
  for (let i = 0; i < 20_000; i++) seen.add(names.generate(`generated file ${i}.go`).name);
  expect(seen.size).toBe(20_000);
  expect(names.generate('generated file x.go').name).toBe('GE~20001GO ');
});

test('names VFAT refuses, with the reason', () => {
  expect(nameProblem('ok name.txt')).toBeUndefined();
  expect(nameProblem('ends.')).toMatch(/ends with a dot or a space/);
  expect(nameProblem('a:b')).toMatch(/contains :/);
  expect(nameProblem('tab\there')).toMatch(/contains \\x09/);
  expect(nameProblem('x'.repeat(256))).toMatch(/256 UTF-16 units/);
});
