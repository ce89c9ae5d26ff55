// Real block devices (loop): direct I/O, unmounting, re-resolving, shrinking and removal mid-write.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyDrives } from '../drives/classify';
import { readLsblk } from '../drives/lsblk';
import { readSystemFacts } from '../drives/system-facts';
import { writePlan } from './fan-out';
import { runFlashJob } from './flash-job';
import { LoopDevices, type LoopDevice } from './testing/loop-devices';
import { makePlanFixture, type PlanFixture } from './testing/plan-fixture';
import { verifyTarget } from './verify';
import { testThreads } from '../io/testing/threads';

const MiB = 1024 * 1024;
const root = process.getuid?.() === 0 && process.platform === 'linux';
let dir: string;
let fixture: PlanFixture;
const loops = new LoopDevices(() => dir);
const makeLoop = (name: string, size: number): LoopDevice => loops.make(name, size);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'loops-'));
  fixture = makePlanFixture(dir, { size: 48 * MiB, files: 10, fileSize: 2 * MiB });
});
afterAll(() => {
  loops.detachAll();
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(root)('loop devices', () => {
  it('writes two loop devices and an image with direct I/O, and each reads back', async () => {
    const a = makeLoop('a', 48 * MiB);
    const b = makeLoop('b', 64 * MiB);
    const image = join(dir, 'c.img');
    const results = await runFlashJob(
      {
        jobId: 'loops',
        plan: fixture.plan,
        targets: [{ device: a.device }, { device: b.device }, { device: image }],
        heldPaths: [],
        includeLoop: true,
        eject: true,
      },
      { threads: testThreads() },
    );
    // Ejecting never fails a verified device; here (no eject, no udisksctl) the message says what to do.
    expect(results[0]?.eject).toMatch(/ejected with|written and verified but not ejected \(/);
    expect(results[2]?.eject).toBeUndefined();
    expect(results.map((r) => [r.ok, r.verified, r.direct])).toEqual([
      [true, true, true],
      [true, true, true],
      [true, true, true],
    ]);
    const expected = fixture.expected();
    expect(readFileSync(a.backing).equals(expected)).toBe(true);
    expect(
      readFileSync(b.backing)
        .subarray(0, 48 * MiB)
        .equals(expected),
    ).toBe(true);
  });

  it('unmounts a loop device the desktop mounted (under /run/media) before writing it', async () => {
    const a = makeLoop('mounted', 48 * MiB);
    execFileSync('mkfs.ext4', ['-q', a.device]);
    // Only what a desktop mounts for a stick is unmounted for the user (core/drives/check-target.ts).
    const media = `/run/media/sourcery-test-${process.pid}`;
    const mountPoint = join(media, 'STICK');
    mkdirSync(mountPoint, { recursive: true });
    execFileSync('mount', [a.device, mountPoint]);
    try {
      const [result] = await runFlashJob(
        {
          jobId: 'm',
          plan: fixture.plan,
          targets: [{ device: a.device }],
          heldPaths: [],
          includeLoop: true,
        },
        { threads: testThreads() },
      );
      expect(result?.error).toBeUndefined();
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(mountPoint);
    } finally {
      spawnSync('umount', [mountPoint], { stdio: 'ignore' });
      rmSync(media, { recursive: true, force: true });
    }
  });

  it('retries a device that is busy for a moment (still mounted), then writes it', async () => {
    const a = makeLoop('busy', 48 * MiB);
    execFileSync('mkfs.ext4', ['-q', a.device]);
    const mountPoint = join(dir, 'busy-mnt');
    mkdirSync(mountPoint);
    execFileSync('mount', [a.device, mountPoint]);
    // The exclusive open fails with EBUSY until this unmount, 200 ms in.
    const unmount = new Promise<void>((resolve) =>
      setTimeout(() => (execFileSync('umount', [mountPoint]), resolve()), 200),
    );
    const outcome = await writePlan({ threads: testThreads(), plan: fixture.plan, targets: [a.device] });
    await unmount;
    expect(outcome.targets[0]?.error).toBeUndefined();
    expect(
      (
        await verifyTarget({
          threads: testThreads(),
          plan: fixture.plan,
          path: a.device,
          hashes: outcome.hashes,
        })
      ).error,
    ).toBeUndefined();
  });

  it('says a device stays busy after the retries, and writes nothing', async () => {
    const a = makeLoop('stays-busy', 48 * MiB);
    execFileSync('mkfs.ext4', ['-q', a.device]);
    const mountPoint = join(dir, 'stays-busy-mnt');
    mkdirSync(mountPoint);
    execFileSync('mount', [a.device, mountPoint]);
    try {
      const outcome = await writePlan({
        threads: testThreads(),
        plan: fixture.plan,
        targets: [a.device],
        retryDelays: [10, 10],
      });
      expect(outcome.targets[0]?.error?.code).toBe('E_DRIVE_BUSY');
      expect(outcome.targets[0]?.bytesWritten).toBe(0);
    } finally {
      execFileSync('umount', [mountPoint]);
    }
  });

  it('writes nothing to a drive whose size changed since it was chosen', async () => {
    const a = makeLoop('changed', 48 * MiB);
    const [result] = await runFlashJob(
      {
        jobId: 'c',
        plan: fixture.plan,
        targets: [{ device: a.device, size: 32 * MiB, description: 'what the user saw' }],
        heldPaths: [],
        includeLoop: true,
      },
      { threads: testThreads() },
    );
    expect(result?.error?.code).toBe('E_DRIVE_CHANGED');
    expect(readFileSync(a.backing).every((byte) => byte === 0)).toBe(true);
  });

  it('reports a device that shrank mid-write, zeroes its head, and finishes the others', async () => {
    const shrinking = makeLoop('shrinking', 48 * MiB);
    const steady = makeLoop('steady', 48 * MiB);
    let shrunk = false;
    const outcome = await writePlan({
      threads: testThreads(),
      plan: fixture.plan,
      targets: [shrinking.device, steady.device],
      chunkSize: MiB,
      retryDelays: [10, 20],
      onWritten: (device, done) => {
        if (shrunk || device !== shrinking.device || done < 8 * MiB) return;
        shrunk = true;
        truncateSync(shrinking.backing, 12 * MiB);
        execFileSync('losetup', ['--set-capacity', shrinking.device]);
      },
    });
    expect(outcome.targets[0]?.error?.code).toBe('E_NO_SPACE');
    expect(outcome.targets[0]?.firstMiBZeroed).toBe(true);
    expect(
      readFileSync(shrinking.backing)
        .subarray(0, MiB)
        .every((byte) => byte === 0),
    ).toBe(true);
    expect(outcome.targets[1]?.error).toBeUndefined();
    const verified = await verifyTarget({
      threads: testThreads(),
      plan: fixture.plan,
      path: steady.device,
      hashes: outcome.hashes,
    });
    expect(verified.error).toBeUndefined();
  });

  it('drops a target whose writes hang (frozen file system) and finishes the others', async () => {
    const holder = makeLoop('frozen-fs', 96 * MiB);
    execFileSync('mkfs.ext4', ['-q', holder.device]);
    const mnt = join(dir, 'frozen');
    mkdirSync(mnt);
    execFileSync('mount', [holder.device, mnt]);
    const stuck = join(mnt, 'stuck.img');
    const fine = join(dir, 'fine.img');
    let frozen = false;
    try {
      const outcome = await writePlan({
        threads: testThreads(),
        plan: fixture.plan,
        targets: [stuck, fine],
        chunkSize: MiB,
        stallTimeout: 1500,
        onWritten: (target) => {
          if (frozen || target !== stuck) return;
          frozen = true;
          execFileSync('fsfreeze', ['--freeze', mnt]); // every later write there blocks
        },
      });
      expect(outcome.targets[0]?.error?.code).toBe('E_DRIVE_GONE');
      expect(outcome.targets[0]?.error?.detail).toContain('stopped responding');
      expect(outcome.targets[1]?.error).toBeUndefined();
      expect(readFileSync(fine).equals(fixture.expected())).toBe(true);
    } finally {
      execFileSync('fsfreeze', ['--unfreeze', mnt]);
      execFileSync('umount', ['--lazy', mnt]);
    }
  });

  it('says a device removed mid-write is gone when reading it back', async () => {
    const removed = makeLoop('removed', 48 * MiB);
    let detached = false;
    const outcome = await writePlan({
      threads: testThreads(),
      plan: fixture.plan,
      targets: [removed.device],
      onWritten: () => {
        if (detached) return;
        detached = true;
        // The kernel defers the detach until our handle closes, as with a stick pulled from a hub.
        execFileSync('losetup', ['-d', removed.device]);
      },
    });
    loops.forget(removed.device);
    expect(outcome.targets[0]?.error).toBeUndefined();
    const verified = await verifyTarget({
      threads: testThreads(),
      plan: fixture.plan,
      path: removed.device,
      hashes: outcome.hashes,
    });
    // Another process (a second test run) may attach a new loop device at the freed number: if it
    // did so before the read-back, other bytes are read, and the answer must be a mismatch.
    const reused = execFileSync('losetup', ['--noheadings', '--output', 'NAME', '--list'], {
      encoding: 'utf8',
    })
      .split('\n')
      .some((name) => name.trim() === removed.device);
    if (reused) expect(['E_VERIFY_MISMATCH', 'E_DRIVE_GONE']).toContain(verified.error?.code);
    else expect(verified.error?.code).toBe('E_DRIVE_GONE');
  });

  it('lists loop devices (only on request) in the live drive list', async () => {
    const a = makeLoop('listed', 48 * MiB);
    const drives = classifyDrives({ drives: await readLsblk(), facts: await readSystemFacts() });
    expect(drives.find((d) => d.device === a.device)).toMatchObject({
      kind: 'loop',
      system: false,
      size: 48 * MiB,
    });
  });
});
