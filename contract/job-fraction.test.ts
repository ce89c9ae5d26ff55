// The one number a job's progress becomes in the window title and on the taskbar.

import { describe, expect, it } from 'vitest';
import { jobFraction, percentOf } from './job-fraction';

const at = (phase: Parameters<typeof jobFraction>[0]['phase'], done: number, total: number) => ({
  jobId: 'j',
  phase,
  bytesDone: done,
  bytesTotal: total,
  speed: 0,
});

describe('job fraction', () => {
  it('counts writing as the first half of a flash and verifying as the second', () => {
    expect(jobFraction(at('composing', 0, 0), true)).toBe(0);
    expect(jobFraction(at('writing', 30, 100), true)).toBeCloseTo(0.15);
    expect(jobFraction(at('verifying', 30, 100), true)).toBeCloseTo(0.65);
    expect(percentOf(0.659)).toBe('65%');
  });

  it('shows a root job by its own bytes, and nothing once a job is over or its size unknown', () => {
    expect(jobFraction(at('downloading', 1, 4), false)).toBe(0.25);
    expect(jobFraction(at('building', 0, 0), false)).toBeUndefined();
    expect(jobFraction(at('done', 4, 4), true)).toBeUndefined();
    expect(jobFraction(at('failed', 1, 4), false)).toBeUndefined();
  });
});
