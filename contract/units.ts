// Sizes as people type and read them, one grammar for the CLI, the engine and the wizard: "2G", "1.5T".

import { appError, fail, ok, type Result } from './errors';

const binary: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };
const sector = 512;
const sizeHint =
  'Write a number with K, M, G or T (binary: 2G = 2 GiB), for example 512M, 1.5G or 8G; a bare number is bytes.';

/**
 * Bytes from a size: a number with an optional binary unit K, M, G or T, which "iB" or "B" may follow
 * (2G = 2GiB = 2 * 2^30; no unit means bytes), rounded down to whole 512-byte sectors. Anything
 * else, or less than one sector, is an E_BAD_REQUEST that says what to type.
 */
export function parseSize(text: string): Result<number> {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*$/i.exec(text);
  if (!match) return fail(appError('E_BAD_REQUEST', `"${text}" is not a size.`, { hint: sizeHint }));
  const bytes = Number(match[1]) * (binary[(match[2] ?? '').toUpperCase()] ?? 1);
  if (!Number.isFinite(bytes) || bytes < sector)
    return fail(appError('E_BAD_REQUEST', `"${text}" is less than one 512-byte sector.`, { hint: sizeHint }));
  return ok(Math.floor(bytes / sector) * sector);
}

/** A size as drive makers label sticks, in decimal units: "32 GB", "262 KB", "67.1 MB", "512 B". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 100 || unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** A size in the binary units `parseSize` reads: "1.5 GiB", "300 MiB", "512 B". */
export function formatSize(bytes: number): string {
  for (const [suffix, unit] of [
    ['TiB', binary.T],
    ['GiB', binary.G],
    ['MiB', binary.M],
    ['KiB', binary.K],
  ] as const) {
    if (unit !== undefined && bytes >= unit) {
      const value = bytes / unit;
      return `${value >= 100 || Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)} ${suffix}`;
    }
  }
  return `${bytes} B`;
}
