// The workshop's running count, and one record per stick it saw.

import type { AppError } from '../../contract/errors';

export type StickStatus = 'skipped' | 'flashing' | 'done' | 'failed' | 'cancelled';

export interface StickRecord {
  device: string;
  description: string;
  size: number;
  status: StickStatus;
  /** Why skipped, or what failed. */
  reason?: string;
  error?: AppError;
  /** On failure or cancel: the first MiB reads as zeros, so the stick never looks valid. */
  firstMiBZeroed?: boolean;
  seconds?: number;
}

export interface Tally {
  done: number;
  failed: number;
  cancelled: number;
  inProgress: number;
  skipped: number;
}

export function countSticks(sticks: Iterable<StickRecord>): Tally {
  const tally: Tally = { done: 0, failed: 0, cancelled: 0, inProgress: 0, skipped: 0 };
  for (const stick of sticks) {
    if (stick.status === 'flashing') tally.inProgress += 1;
    else tally[stick.status] += 1;
  }
  return tally;
}

export const describeTally = (t: Tally): string =>
  `${t.done} done, ${t.failed} failed, ${t.inProgress} in progress` +
  (t.cancelled ? `, ${t.cancelled} cancelled` : '') +
  (t.skipped ? `, ${t.skipped} skipped` : '');
