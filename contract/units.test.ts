// The one size grammar: what `--size`, `--min-size`, `--max-size` and the wizard's size fields accept.

import { expect, test } from 'vitest';
import { formatBytes, formatSize, parseSize } from './units';

const bytes = (text: string): number | undefined => {
  const parsed = parseSize(text);
  return parsed.ok ? parsed.value : undefined;
};

test('sizes with binary units, rounded down to whole sectors', () => {
  expect(bytes('2G')).toBe(2 * 2 ** 30);
  expect(bytes('512m')).toBe(512 * 2 ** 20);
  expect(bytes('1.5T')).toBe(1.5 * 2 ** 40);
  expect(bytes('64M')).toBe(64 * 2 ** 20);
  expect(bytes('64MiB')).toBe(64 * 2 ** 20);
  expect(bytes('2GiB')).toBe(2 * 2 ** 30);
  expect(bytes('8GB')).toBe(8 * 2 ** 30);
  expect(bytes(' 4 G ')).toBe(4 * 2 ** 30);
  expect(bytes('100K')).toBe(102400);
  expect(bytes('1000')).toBe(512);
  expect(bytes('4000000000')).toBe(4000000000 - (4000000000 % 512));
});

test('1.5G is the same byte count wherever it is typed (flash, compose, workshop, the wizard)', () => {
  expect(bytes('1.5G')).toBe(1610612736);
  expect(bytes('1.3G')).toBe(Math.floor((1.3 * 2 ** 30) / 512) * 512);
  expect((bytes('1.3G') ?? 1) % 512).toBe(0);
});

test('anything else is refused with an error that says what to type', () => {
  for (const bad of ['', 'G', '-1G', '2X', '1 2', '0', '100', 'lots', '1e9', '2 GB extra', '0x100']) {
    const parsed = parseSize(bad);
    expect(parsed.ok, bad).toBe(false);
    if (parsed.ok) continue;
    expect(parsed.error.code).toBe('E_BAD_REQUEST');
    expect(parsed.error.detail).toContain(`"${bad}"`);
    expect(parsed.error.hint).toMatch(/512M, 1\.5G or 8G/);
    expect(parsed.error.hint).not.toMatch(/bug/i);
  }
  const zero = parseSize('0');
  expect(!zero.ok && zero.error.detail).toMatch(/less than one 512-byte sector/);
});

test('sizes for people: binary as typed, decimal as drives are labelled', () => {
  expect(formatSize(2 * 2 ** 30)).toBe('2 GiB');
  expect(formatSize(1.5 * 2 ** 20)).toBe('1.5 MiB');
  expect(formatSize(300)).toBe('300 B');
  expect(formatBytes(32e9)).toBe('32.0 GB');
  expect(formatBytes(67_108_864)).toBe('67.1 MB');
  expect(formatBytes(262_144)).toBe('262 KB');
  expect(formatBytes(512)).toBe('512 B');
});
