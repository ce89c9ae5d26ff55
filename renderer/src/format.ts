// Human-readable sizes, speeds and durations, as the wizard shows them.

import { formatBytes, parseSize } from '../../contract/units';

export { formatBytes };

export const formatSpeed = (bytesPerSecond: number): string => `${formatBytes(bytesPerSecond)}/s`;

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A size field's bytes in the CLI's grammar (contract/units.ts), or undefined while it is not a size. */
export function sizeOf(text: string): number | undefined {
  const parsed = parseSize(text);
  return parsed.ok ? parsed.value : undefined;
}
