// Writing one plan to several image files: content, one read pass, cancellation, a full target.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headSize, writePlan } from './fan-out';
import { makePlanFixture, type PlanFixture } from './testing/plan-fixture';
import { verifyTarget } from './verify';
import { testThreads } from '../io/testing/threads';

const MiB = 1024 * 1024;
let dir: string;
let fixture: PlanFixture;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fan-out-'));
  fixture = makePlanFixture(dir, { size: 64 * MiB, files: 12, fileSize: 2 * MiB });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes this process has read through read(2) and friends, page cache or not. */
const bytesReadByProcess = (): number =>
  Number(/rchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? Number.NaN);

describe('writePlan', () => {
  it('writes identical, verified images to every target', async () => {
    const targets = [1, 2, 3].map((i) => join(dir, `ok-${i}.img`));
    const outcome = await writePlan({
      threads: testThreads(),
      plan: fixture.plan,
      targets,
      chunkSize: 2 * MiB,
    });
    expect(outcome.targets.map((t) => t.error)).toEqual([undefined, undefined, undefined]);
    const expected = fixture.expected();
    for (const target of targets) {
      expect(readFileSync(target).equals(expected)).toBe(true);
      const verified = await verifyTarget({
        threads: testThreads(),
        plan: fixture.plan,
        path: target,
        hashes: outcome.hashes,
      });
      expect(verified.error).toBeUndefined();
      expect(verified.direct).toBe(true);
    }
  });

  it('reads the composition once whatever the number of targets', async () => {
    const readsFor = async (count: number): Promise<number> => {
      const targets = Array.from({ length: count }, (_, i) => join(dir, `reads-${count}-${i}.img`));
      const before = bytesReadByProcess();
      const outcome = await writePlan({ threads: testThreads(), plan: fixture.plan, targets });
      expect(outcome.targets.every((t) => !t.error)).toBe(true);
      return bytesReadByProcess() - before;
    };
    const one = await readsFor(1);
    const four = await readsFor(4);
    const sources = fixture.plan.extents.reduce((n, e) => n + (e.kind === 'file' ? e.sourceLength : 0), 0);
    expect(one).toBeGreaterThanOrEqual(sources);
    // Four targets cost no more source reading than one (a little slack for unrelated reads).
    expect(four).toBeLessThan(one + sources / 10);
  });

  it('leaves every target with a zeroed first MiB when cancelled at random points', async () => {
    for (const after of [1, 3, 7]) {
      const controller = new AbortController();
      let chunks = 0;
      const targets = [join(dir, `cancel-${after}-a.img`), join(dir, `cancel-${after}-b.img`)];
      const outcome = await writePlan({
        threads: testThreads(),
        plan: fixture.plan,
        targets,
        chunkSize: MiB,
        signal: controller.signal,
        onWritten: () => {
          chunks += 1;
          if (chunks === after) controller.abort();
        },
      });
      expect(outcome.cancelled).toBe(true);
      for (const [i, target] of outcome.targets.entries()) {
        expect(target.error?.code).toBe('E_CANCELLED');
        expect(target.firstMiBZeroed).toBe(true);
        const head = readFileSync(targets[i] ?? '').subarray(0, headSize);
        expect(head.every((b) => b === 0)).toBe(true);
      }
    }
  });

  it('reports a target that fills up as out of space while the others finish', async (context) => {
    if (process.getuid?.() !== 0) return context.skip();
    const small = join(dir, 'small');
    mkdirSync(small);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', small]);
    try {
      const targets = [join(dir, 'full-ok-1.img'), join(small, 'full.img'), join(dir, 'full-ok-2.img')];
      const outcome = await writePlan({
        threads: testThreads(),
        plan: fixture.plan,
        targets,
        retryDelays: [],
      });
      expect(outcome.targets[1]?.error?.code).toBe('E_NO_SPACE');
      expect(outcome.targets[1]?.error?.detail).toContain('full.img');
      expect(outcome.targets[1]?.firstMiBZeroed).toBe(true);
      const expected = fixture.expected();
      for (const ok of [targets[0] ?? '', targets[2] ?? '']) {
        expect(readFileSync(ok).equals(expected)).toBe(true);
        expect(
          (
            await verifyTarget({
              threads: testThreads(),
              plan: fixture.plan,
              path: ok,
              hashes: outcome.hashes,
            })
          ).error,
        ).toBeUndefined();
      }
    } finally {
      execFileSync('umount', [small]);
    }
  });

  it('falls back to buffered I/O on a file system that refuses O_DIRECT, and still writes and verifies', async (context) => {
    if (process.getuid?.() !== 0) return context.skip();
    const ram = join(dir, 'ramfs');
    mkdirSync(ram);
    // ramfs has no direct I/O: opening with O_DIRECT there fails with EINVAL.
    execFileSync('mount', ['-t', 'ramfs', 'ramfs', ram]);
    try {
      const targets = [join(ram, 'buffered.img'), join(dir, 'direct.img')];
      const outcome = await writePlan({ threads: testThreads(), plan: fixture.plan, targets });
      expect(outcome.targets.map((t) => [t.error, t.direct])).toEqual([
        [undefined, false],
        [undefined, true],
      ]);
      expect(readFileSync(targets[0] ?? '').equals(fixture.expected())).toBe(true);
      const verified = await verifyTarget({
        threads: testThreads(),
        plan: fixture.plan,
        path: targets[0] ?? '',
        hashes: outcome.hashes,
      });
      expect(verified).toMatchObject({
        direct: false,
        bytesRead: outcome.hashes.reduce((n, b) => n + b.length, 0),
      });
      expect(verified.error).toBeUndefined();
    } finally {
      execFileSync('umount', [ram]);
    }
  });
});
