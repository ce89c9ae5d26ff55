// Human-readable sizes, speeds and durations, as the wizard shows them.

const units = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Decimal units, as drive makers label sticks ("32 GB"). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 100 || unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

export const formatSpeed = (bytesPerSecond: number): string => `${formatBytes(bytesPerSecond)}/s`;

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

const binaryUnits: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** "2G", "512M" (binary units, as the CLI's --size) to bytes; undefined when not a size. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT])i?B?$/i.exec(text.trim());
  const unit = match?.[2] ? binaryUnits[match[2].toUpperCase()] : undefined;
  return match && unit ? Math.floor(Number(match[1]) * unit) : undefined;
}
