// What makes a drive a system drive, read from /proc: mounts (mountinfo) and swap areas.

import { readFile } from 'node:fs/promises';

export interface Mount {
  majMin: string;
  mountPoint: string;
  /** The mount source (/dev/nvme0n1p2, tmpfs...). */
  source: string;
}

/** Unescapes mountinfo's octal escapes (a space is \040). */
const unescape = (field: string): string =>
  field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));

export function parseMountinfo(text: string): Mount[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      const fields = line.split(' ');
      const dash = fields.indexOf('-');
      const majMin = fields[2];
      const mountPoint = fields[4];
      const source = fields[dash + 2];
      if (dash < 0 || !majMin || !mountPoint || source === undefined) return [];
      return [{ majMin, mountPoint: unescape(mountPoint), source: unescape(source) }];
    });
}

/** Device paths (or files) in /proc/swaps. */
export function parseSwaps(text: string): string[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => unescape(line.split(/\s+/)[0] ?? ''))
    .filter((name) => name !== '');
}

export interface SystemFacts {
  mounts: Mount[];
  swaps: string[];
}

/** This machine's mounts and swaps; empty off Linux, where drivelist's own verdict is used. */
export async function readSystemFacts(): Promise<SystemFacts> {
  if (process.platform !== 'linux') return { mounts: [], swaps: [] };
  const [mountinfo, swaps] = await Promise.all([
    readFile('/proc/self/mountinfo', 'utf8').catch(() => ''),
    readFile('/proc/swaps', 'utf8').catch(() => ''),
  ]);
  return { mounts: parseMountinfo(mountinfo), swaps: parseSwaps(swaps) };
}
