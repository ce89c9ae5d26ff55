// How far a job is, as one number: what the window title, the taskbar and the dock show.

import type { JobProgress } from './dto';

/** Writing and verifying each take about half of a flash; other phases count by their own bytes. */
const span: Partial<Record<JobProgress['phase'], [number, number]>> = {
  preparing: [0, 0],
  composing: [0, 0],
  writing: [0, 0.5],
  verifying: [0.5, 1],
  finishing: [1, 1],
  done: [1, 1],
};

/** 0..1, or undefined when the job is over or its size is unknown. */
export function jobFraction(progress: JobProgress, isFlash: boolean): number | undefined {
  if (progress.phase === 'done' || progress.phase === 'failed') return undefined;
  const own = progress.bytesTotal > 0 ? Math.min(1, progress.bytesDone / progress.bytesTotal) : undefined;
  if (!isFlash) return own;
  const [from, to] = span[progress.phase] ?? [0, 1];
  return from + (to - from) * (own ?? 0);
}

/** "42%" for a title. */
export const percentOf = (fraction: number): string => `${Math.floor(fraction * 100)}%`;
