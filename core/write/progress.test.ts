// Progress: speed over a sliding window, an ETA, and a bounded event rate.

import { expect, it } from 'vitest';
import type { JobProgress } from '../../contract/dto';
import { SpeedMeter } from '../speed-meter';
import { ProgressReporter } from './progress';

it('measures speed over the recent window, so a stall shows', () => {
  const meter = new SpeedMeter(3000);
  for (let t = 0; t <= 10_000; t += 500) meter.add(t <= 5000 ? t * 10_000 : 50_000_000, t);
  expect(meter.speed).toBe(0);
  const fresh = new SpeedMeter(3000);
  fresh.add(0, 0);
  fresh.add(20_000_000, 2000);
  expect(fresh.speed).toBe(10_000_000);
});

it('emits a handful of events a second however often bytes arrive, with an ETA', async () => {
  const events: JobProgress[] = [];
  const reporter = new ProgressReporter('job-1', (p) => events.push(p), { interval: 100 });
  const started = Date.now();
  let done = 0;
  while (Date.now() - started < 600) {
    done += 64 * 1024;
    reporter.update('/dev/sdb', 'writing', done, 1e9);
    await new Promise((r) => setTimeout(r, 1));
  }
  reporter.flush();
  const perTarget = events.filter((e) => e.target === '/dev/sdb');
  // ~6 ticks in 600 ms at 100 ms, plus the phase change and the final flush; never one per update.
  expect(perTarget.length).toBeGreaterThanOrEqual(4);
  expect(perTarget.length).toBeLessThanOrEqual(10);
  const last = perTarget.at(-1);
  expect(last?.speed).toBeGreaterThan(0);
  expect(last?.eta).toBeGreaterThan(0);
  expect(events.some((e) => e.target === undefined && e.phase === 'writing')).toBe(true);
});

it('reports the overall phase of the target furthest behind, ignoring failed ones', () => {
  const reporter = new ProgressReporter('job-2', () => undefined);
  reporter.update('/dev/sdb', 'verifying', 10, 100);
  reporter.update('/dev/sdc', 'writing', 50, 100);
  reporter.update('/dev/sdd', 'failed', 0, 100);
  expect(reporter.overall()).toMatchObject({ phase: 'writing', bytesDone: 50, bytesTotal: 100 });
  reporter.flush();
});
