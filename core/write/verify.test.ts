// The verifier catches bytes changed between writing and reading back, and says where they are.

import { openSync, closeSync, writeSync, readSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writePlan } from './fan-out';
import { makePlanFixture, type PlanFixture } from './testing/plan-fixture';
import { verifyTarget } from './verify';
import { testThreads } from '../io/testing/threads';

const MiB = 1024 * 1024;
let dir: string;
let fixture: PlanFixture;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'verify-'));
  fixture = makePlanFixture(dir, { size: 32 * MiB, files: 6, fileSize: MiB });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Flips one bit of the byte at `offset`, as a worn or fake stick would. */
function flipBit(path: string, offset: number): void {
  const fd = openSync(path, 'r+');
  const byte = Buffer.alloc(1);
  readSync(fd, byte, 0, 1, offset);
  byte[0] = (byte[0] ?? 0) ^ 0x10;
  writeSync(fd, byte, 0, 1, offset);
  closeSync(fd);
}

it('names the byte range and the file of a flipped bit, and passes the untouched twin', async () => {
  const targets = [join(dir, 'flipped.img'), join(dir, 'clean.img')];
  const outcome = await writePlan({ threads: testThreads(), plan: fixture.plan, targets });
  const victim = fixture.plan.extents.find((e) => e.label === '/go/src/pkg3.go');
  if (!victim) throw new Error('fixture lost pkg3');
  const at = victim.offset + 70_000;
  flipBit(targets[0] ?? '', at);

  const flipped = await verifyTarget({
    threads: testThreads(),
    plan: fixture.plan,
    path: targets[0] ?? '',
    hashes: outcome.hashes,
  });
  expect(flipped.error?.code).toBe('E_VERIFY_MISMATCH');
  const detail = flipped.error?.detail ?? '';
  expect(detail).toContain('/go/src/pkg3.go');
  expect(detail).not.toContain('pkg2.go');
  // Located to the byte, by rebuilding only the mismatched chunk from the plan.
  expect(detail).toContain(`bytes ${at}-${at} (1 bytes): /go/src/pkg3.go`);

  const clean = await verifyTarget({
    threads: testThreads(),
    plan: fixture.plan,
    path: targets[1] ?? '',
    hashes: outcome.hashes,
  });
  expect(clean.error).toBeUndefined();
});

it('catches a changed boot sector in the first MiB', async () => {
  const target = join(dir, 'mbr.img');
  const outcome = await writePlan({ threads: testThreads(), plan: fixture.plan, targets: [target] });
  flipBit(target, 100);
  const result = await verifyTarget({
    threads: testThreads(),
    plan: fixture.plan,
    path: target,
    hashes: outcome.hashes,
  });
  expect(result.error?.detail).toContain('MBR');
});

it('says the target is gone when it was removed before reading back', async () => {
  const target = join(dir, 'removed.img');
  const outcome = await writePlan({ threads: testThreads(), plan: fixture.plan, targets: [target] });
  rmSync(target);
  const result = await verifyTarget({
    threads: testThreads(),
    plan: fixture.plan,
    path: target,
    hashes: outcome.hashes,
  });
  expect(result.error?.code).toBe('E_DRIVE_GONE');
});

it('reads a truncated image file as zeros past its end, and names what was lost', async () => {
  const target = join(dir, 'truncated.img');
  const outcome = await writePlan({ threads: testThreads(), plan: fixture.plan, targets: [target] });
  const last = fixture.plan.extents.filter((e) => e.kind === 'file').at(-1);
  if (!last) throw new Error('fixture has no files');
  truncateSync(target, last.offset + 4096);
  const result = await verifyTarget({
    threads: testThreads(),
    plan: fixture.plan,
    path: target,
    hashes: outcome.hashes,
  });
  expect(result.error?.code).toBe('E_VERIFY_MISMATCH');
  expect(result.error?.detail).toContain(last.label);
  expect(result.bytesRead).toBe(outcome.hashes.reduce((sum, b) => sum + b.length, 0));
});

it('stops reading back when cancelled, and says so', async () => {
  const target = join(dir, 'cancelled.img');
  const outcome = await writePlan({ threads: testThreads(), plan: fixture.plan, targets: [target] });
  const controller = new AbortController();
  const result = await verifyTarget({
    threads: testThreads(),
    plan: fixture.plan,
    path: target,
    hashes: outcome.hashes,
    readSize: 64 * 1024,
    signal: controller.signal,
    onVerified: (done) => {
      if (done >= 2 * MiB) controller.abort();
    },
  });
  expect(result.error?.code).toBe('E_CANCELLED');
  expect(result.bytesRead).toBeGreaterThanOrEqual(2 * MiB);
  expect(result.bytesRead).toBeLessThan(outcome.hashes.reduce((sum, b) => sum + b.length, 0));
});
