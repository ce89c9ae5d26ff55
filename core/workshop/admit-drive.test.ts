// Which inserted drives a workshop takes: the rule an organiser relies on not to erase the wrong disk.

import { describe, expect, it } from 'vitest';
import type { DriveDTO } from '../../contract/dto';
import { whyNotFlashed } from './admit-drive';
import { countSticks, describeTally } from './tally';

const gb = 1e9;
const stick = (extra: Partial<DriveDTO> = {}): DriveDTO => ({
  device: '/dev/sdb',
  description: 'SanDisk Cruzer',
  size: 16 * gb,
  removable: true,
  readOnly: false,
  system: false,
  systemReasons: [],
  mountpoints: [],
  kind: 'usb',
  ...extra,
});
const range = { min: 4 * gb, max: 64 * gb };

describe('whyNotFlashed', () => {
  it('takes a removable stick within the size range', () => {
    expect(whyNotFlashed(stick(), range, false)).toBeUndefined();
    expect(whyNotFlashed(stick({ mountpoints: ['/media/x'] }), range, false)).toBeUndefined();
  });

  it('leaves a system drive alone even when removable', () => {
    const drive = stick({ system: true, systemReasons: ['holds /'] });
    expect(whyNotFlashed(drive, range, true)).toBe('a system drive (holds /)');
  });

  it('leaves internal disks, read-only cards and drives outside the range alone, saying why', () => {
    expect(whyNotFlashed(stick({ removable: false, kind: 'disk' }), range, false)).toBe(
      'not a removable drive',
    );
    expect(whyNotFlashed(stick({ readOnly: true, kind: 'card' }), range, false)).toContain('read-only');
    expect(whyNotFlashed(stick({ size: 2 * gb }), range, false)).toBe('too small: 2.0 GB, needs 4.0 GB');
    expect(whyNotFlashed(stick({ size: 500 * gb }), range, false)).toContain('larger than --max-size');
  });

  it('takes loop devices only when asked', () => {
    const loop = stick({ device: '/dev/loop3', kind: 'loop', removable: false });
    expect(whyNotFlashed(loop, range, false)).toBe('not a removable drive');
    expect(whyNotFlashed(loop, range, true)).toBeUndefined();
  });
});

describe('the tally', () => {
  it('counts only verified sticks as done', () => {
    const base = { device: '/dev/sdb', description: '', size: 0 };
    const tally = countSticks([
      { ...base, status: 'done' },
      { ...base, status: 'flashing' },
      { ...base, status: 'failed' },
      { ...base, status: 'cancelled' },
      { ...base, status: 'skipped' },
      { ...base, status: 'done' },
    ]);
    expect(tally).toEqual({ done: 2, failed: 1, cancelled: 1, inProgress: 1, skipped: 1 });
    expect(describeTally(tally)).toBe('2 done, 1 failed, 1 in progress, 1 cancelled, 1 skipped');
  });
});
