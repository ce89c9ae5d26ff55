// FAT date and time fields from a file's modification time (local time, 2-second steps).

export interface FatTime {
  date: number;
  time: number;
  /** 10 ms units added to `time`: 0 or 100 (the odd second FAT's 2-second clock drops). */
  tenths: number;
}

const earliest: FatTime = { date: (0 << 9) | (1 << 5) | 1, time: 0, tenths: 0 };
const latest: FatTime = { date: (127 << 9) | (12 << 5) | 31, time: (23 << 11) | (59 << 5) | 29, tenths: 100 };

/**
 * FAT stores wall-clock time without a zone. We use the composing machine's local time, as Windows,
 * mtools and Linux (vfat without `tz=UTC`) do, so a stick made and read on one machine shows the
 * source's times. Times before 1980 or after 2107 are clamped to FAT's range.
 */
export function fatTime(mtimeMs: number): FatTime {
  // Files of one tree often share a time (unpacked together): skip the time-zone conversion then.
  if (mtimeMs === last.mtimeMs) return last.time;
  last.mtimeMs = mtimeMs;
  last.time = convert(mtimeMs);
  return last.time;
}

const last = { mtimeMs: Number.NaN, time: earliest };

function convert(mtimeMs: number): FatTime {
  const d = new Date(mtimeMs);
  const year = d.getFullYear();
  if (!Number.isFinite(year) || year < 1980) return earliest;
  if (year > 2107) return latest;
  const seconds = d.getSeconds();
  return {
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (seconds >> 1),
    tenths: (seconds & 1) * 100,
  };
}
