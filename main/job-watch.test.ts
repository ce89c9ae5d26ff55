// The taskbar's fraction and the notifications a flash job gives, from the events main forwards.

import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../contract';
import { JobWatch } from './job-watch';

const event = (phase: JobProgress['phase'], done = 0, total = 0, target?: string): JobProgress => ({
  jobId: 'j',
  phase,
  bytesDone: done,
  bytesTotal: total,
  speed: 0,
  ...(target ? { target } : {}),
});

describe('job watch', () => {
  it('moves the bar through writing and verifying, then clears it and says every stick is ready', () => {
    const watch = new JobWatch();
    watch.update(event('writing', 0, 100, '/dev/sdb'));
    expect(watch.update(event('writing', 50, 100))).toEqual({ bar: 0.25 });
    expect(watch.update(event('verifying', 50, 100))).toEqual({ bar: 0.75 });
    watch.update(event('done', 100, 100, '/dev/sdb'));
    expect(watch.update(event('done', 100, 100))).toEqual({
      bar: -1,
      notice: { title: 'Every stick is ready', body: '1 stick written and verified.' },
    });
  });

  it('says at once when one stick fails while others go on, and sums up at the end', () => {
    const watch = new JobWatch();
    watch.update(event('writing', 0, 100, '/dev/sdb'));
    watch.update(event('writing', 0, 100, '/dev/sdc'));
    expect(watch.update(event('failed', 0, 100, '/dev/sdc')).notice?.title).toBe('A stick failed');
    expect(watch.update(event('failed', 0, 100, '/dev/sdc')).notice).toBeUndefined();
    watch.update(event('done', 100, 100, '/dev/sdb'));
    expect(watch.update(event('done', 100, 100)).notice).toEqual({
      title: '1 stick failed',
      body: '1 of 2 sticks written and verified; the window says why.',
    });
  });

  it('shows a root job’s own bytes and no notification', () => {
    const watch = new JobWatch();
    expect(watch.update(event('downloading', 30, 120))).toEqual({ bar: 0.25 });
    expect(watch.update(event('done'))).toEqual({ bar: -1 });
  });
});
