// How `flash` shows progress: a redrawn line per job on a terminal, a plain line every 2 s in a pipe.

import type { JobProgress } from '../../contract';
import { formatBytes } from '../../contract/units';

const eta = (seconds: number | undefined): string =>
  seconds === undefined
    ? ''
    : ` ~${seconds >= 60 ? `${Math.round(seconds / 60)} min` : `${Math.ceil(seconds)} s`} left`;

export function describeProgress(p: JobProgress): string {
  const percent = p.bytesTotal > 0 ? ` ${Math.floor((100 * p.bytesDone) / p.bytesTotal)}%` : '';
  const speed = p.speed > 0 ? ` ${formatBytes(p.speed)}/s` : '';
  return `${p.phase}${percent} (${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)})${speed}${eta(p.eta)}`;
}

/** Prints overall progress; returns a function to call before any other output. */
export function progressPrinter(
  out: NodeJS.WritableStream,
  interactive: boolean,
): {
  onProgress: (p: JobProgress) => void;
  clear: () => void;
} {
  let last = 0;
  let lastPhase = '';
  let drawn = false;
  return {
    onProgress: (p) => {
      if (p.target !== undefined) return;
      const now = Date.now();
      if (interactive) {
        out.write(`\r\x1b[2K${describeProgress(p)}`);
        drawn = true;
      } else if (p.phase !== lastPhase || now - last >= 2000) {
        out.write(`${describeProgress(p)}\n`);
        last = now;
      }
      lastPhase = p.phase;
    },
    clear: () => {
      if (drawn) out.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
