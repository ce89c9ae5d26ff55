// Zeroes a target's first MiB, so a stick that was not finished never looks like a valid one.

import { AlignedPool } from '../io/aligned-pool';
import { withOwnRights } from '../io/source-rights';
import { openTarget } from '../io/target-file';

export const headSize = 1024 * 1024;

/** True when the first MiB of `path` now reads as zeros. */
export async function zeroHead(path: string, size = headSize): Promise<boolean> {
  const zeros = new AlignedPool(headSize, 1).allocate(Math.min(size, headSize));
  try {
    // Root's to open, in the privileged writer (source-rights.ts).
    const file = await withOwnRights(() => openTarget(path, { mode: 'write' }));
    try {
      await file.write(zeros, 0);
      await file.flush();
      return true;
    } finally {
      await file.close();
    }
  } catch {
    return false;
  }
}
