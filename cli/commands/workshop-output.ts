// How `workshop` reports: a log line per stick and a redrawn tally on a terminal, or JSON lines.

import type { JobProgress, LogLine } from '../../contract/dto';
import type { StickRecord, Tally } from '../../core/workshop/tally';
import { describeTally } from '../../core/workshop/tally';
import { writeJsonLine } from '../json-lines';
import { describeProgress } from './flash-progress';

export interface WorkshopOutput {
  line(text: string): void;
  event(type: string, payload: Record<string, unknown>): void;
  stick(stick: StickRecord, tally: Tally): void;
  progress(progress: JobProgress): void;
  log(line: LogLine): void;
  clear(): void;
}

export function workshopOutput(
  out: NodeJS.WritableStream,
  json: boolean,
  interactive: boolean,
): WorkshopOutput {
  let tally: Tally = { done: 0, failed: 0, cancelled: 0, inProgress: 0, skipped: 0 };
  const perStick = new Map<string, string>();
  const lastJson = new Map<string, { phase: string; time: number }>();
  let drawn = false;
  const redraw = (): void => {
    if (!interactive || json) return;
    const sticks = [...perStick].map(([device, text]) => `${device.replace('/dev/', '')} ${text}`);
    out.write(`\r\x1b[2K[${describeTally(tally)}]${sticks.length ? ` ${sticks.join(' | ')}` : ''}`);
    drawn = true;
  };
  const clear = (): void => {
    if (drawn) out.write('\r\x1b[2K');
    drawn = false;
  };
  const line = (text: string): void => {
    clear();
    out.write(`${text}\n`);
    redraw();
  };
  const event = (type: string, payload: Record<string, unknown>): void => writeJsonLine(out, type, payload);
  return {
    line: (text) => (json ? undefined : line(text)),
    event: (type, payload) => (json ? event(type, payload) : undefined),
    clear,
    stick: (stick, next) => {
      tally = next;
      if (stick.status !== 'flashing') perStick.delete(stick.device);
      if (json) event('stick', { ...stick, tally });
      else if (interactive) redraw();
      else if (stick.status !== 'flashing') line(`tally: ${describeTally(tally)}`);
    },
    progress: (p) => {
      if (p.target === undefined || p.phase === 'done' || p.phase === 'failed') return;
      if (json) {
        // A line per stick on each new phase, else every 2 s at most: scripts want the shape, not every buffer.
        const now = Date.now();
        const last = lastJson.get(p.target);
        if (last && last.phase === p.phase && now - last.time < 2000) return;
        lastJson.set(p.target, { phase: p.phase, time: now });
        event('progress', { ...p });
        return;
      }
      perStick.set(p.target, describeProgress(p).replace(/ \(.*?\)/, ''));
      redraw();
    },
    log: (l) => (json ? event('log', { level: l.level, message: l.message, time: l.time }) : line(l.message)),
  };
}
