// The workshop's running count over the sticks it saw.

import type { WorkshopStick, WorkshopTally } from '../../contract/dto';

export type StickRecord = WorkshopStick;
export type Tally = WorkshopTally;

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
