// Sizes as people type and read them: "2G", "512M", "1.5T", "4000000000".

const units: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** Bytes from a size with an optional binary suffix (K, M, G, T; "iB" or "B" may follow), or undefined. */
export function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*$/i.exec(text);
  if (!match) return undefined;
  const bytes = Number(match[1]) * (units[(match[2] ?? '').toUpperCase()] ?? 1);
  if (!Number.isFinite(bytes) || bytes <= 0) return undefined;
  return Math.floor(bytes / 512) * 512; // whole sectors
}

/** A size for people: "1.5 GiB", "300 MiB", "512 B". */
export function formatSize(bytes: number): string {
  for (const [suffix, unit] of [
    ['TiB', units.T],
    ['GiB', units.G],
    ['MiB', units.M],
    ['KiB', units.K],
  ] as const) {
    if (unit !== undefined && bytes >= unit) {
      const value = bytes / unit;
      return `${value >= 100 || Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)} ${suffix}`;
    }
  }
  return `${bytes} B`;
}
