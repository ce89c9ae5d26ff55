// Size parsing and printing for the command line.

import { expect, test } from 'vitest';
import { formatSize, parseSize } from './size';

test('sizes with binary suffixes, rounded down to whole sectors', () => {
  expect(parseSize('2G')).toBe(2 * 2 ** 30);
  expect(parseSize('512m')).toBe(512 * 2 ** 20);
  expect(parseSize('1.5T')).toBe(1.5 * 2 ** 40);
  expect(parseSize('64MiB')).toBe(64 * 2 ** 20);
  expect(parseSize('100K')).toBe(102400);
  expect(parseSize('1000')).toBe(512);
  for (const bad of ['', 'G', '-1G', '2X', '1 2', '0']) expect(parseSize(bad)).toBeUndefined();
});

test('sizes for people', () => {
  expect(formatSize(2 * 2 ** 30)).toBe('2 GiB');
  expect(formatSize(1.5 * 2 ** 20)).toBe('1.5 MiB');
  expect(formatSize(300)).toBe('300 B');
});
