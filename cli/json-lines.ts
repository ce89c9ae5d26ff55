// `--json` output: one JSON object per line with a `type`, so scripts can follow a command as it runs.

import type { JobProgress } from '../contract';

/** What `--json` prints, for each command's help. */
export const jsonLinesHelp = 'JSON lines on stdout: progress, log, then one result (with --yes)';

export const writeJsonLine = (out: NodeJS.WritableStream, type: string, payload: object): void =>
  void out.write(`${JSON.stringify({ type, ...payload })}\n`);

/** Progress as JSON lines: each new phase of a target (or the whole job), else at most one a second. */
export function jsonProgress(out: NodeJS.WritableStream): (progress: JobProgress) => void {
  const last = new Map<string, { phase: string; time: number }>();
  return (progress) => {
    const key = progress.target ?? '';
    const now = Date.now();
    const previous = last.get(key);
    if (previous && previous.phase === progress.phase && now - previous.time < 1000) return;
    last.set(key, { phase: progress.phase, time: now });
    writeJsonLine(out, 'progress', progress);
  };
}
