// Clipping a plan to a byte range keeps exactly the bytes the full plan puts there.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readPlanChunks } from '../io/chunks';
import { clipPlan } from './locate-mismatch';
import { makePlanFixture } from './testing/plan-fixture';

it('rebuilds any window of the image from a clipped plan', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clip-'));
  try {
    const fixture = makePlanFixture(dir, { size: 16 * 1024 * 1024, files: 4, fileSize: 700_000 });
    const image = fixture.expected();
    for (const [start, end] of [
      [0, 4096],
      [1024 * 1024 + 512, 1024 * 1024 + 70_000],
      [2 * 1024 * 1024 + 4096, 4 * 1024 * 1024],
    ] as const) {
      const window = Buffer.alloc(end - start);
      for await (const chunk of readPlanChunks(clipPlan(fixture.plan, start, end), { align: 512 }))
        window.set(
          chunk.data.subarray(0, Math.min(chunk.data.length, end - chunk.offset)),
          chunk.offset - start,
        );
      expect(window.equals(image.subarray(start, end))).toBe(true);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
