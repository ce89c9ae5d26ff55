// Finds the exact bytes that differ inside a chunk whose hash did not match, by rebuilding it from the plan.

import type { Extent, Plan } from '../io/plan';
import { readPlanChunks } from '../io/chunks';
import type { TargetFile } from '../io/target-file';

export interface ByteRange {
  offset: number;
  length: number;
}

/** The plan's extents cut to [start, end): only a mismatch pays for reading sources again. */
export function clipPlan(plan: Plan, start: number, end: number): Plan {
  const extents: Extent[] = [];
  for (const e of plan.extents) {
    const from = Math.max(start, e.offset);
    const to = Math.min(end, e.offset + e.length);
    if (from >= to) continue;
    const skip = from - e.offset;
    const length = to - from;
    if (e.kind === 'bytes')
      extents.push({ ...e, offset: from, length, data: e.data.subarray(skip, skip + length) });
    else if (e.kind === 'zero') extents.push({ ...e, offset: from, length });
    else
      extents.push({
        ...e,
        offset: from,
        length,
        sourceOffset: e.sourceOffset + skip,
        sourceLength: Math.max(0, Math.min(length, e.sourceLength - skip)),
      });
  }
  return { ...plan, extents };
}

/** Runs of differing bytes within `range`, at most `limit` of them; runs closer than 512 bytes merge. */
export async function locateMismatch(
  plan: Plan,
  file: TargetFile,
  range: ByteRange,
  /** Aligned memory of at least `range.length` bytes (direct reads need it). */
  actual: Uint8Array,
  limit = 8,
): Promise<ByteRange[]> {
  const found: ByteRange[] = [];
  await file.read(actual, range.offset);
  for await (const chunk of readPlanChunks(clipPlan(plan, range.offset, range.offset + range.length), {
    align: 512,
    mergeGap: range.length,
  })) {
    const from = chunk.offset - range.offset;
    for (let i = 0; i < chunk.data.length && from + i < actual.length; i += 1) {
      if (chunk.data[i] === actual[from + i]) continue;
      const at = range.offset + from + i;
      const last = found.at(-1);
      if (last && at - (last.offset + last.length) < 512) last.length = at - last.offset + 1;
      else if (found.length < limit) found.push({ offset: at, length: 1 });
      else return found;
    }
  }
  return found;
}
