// The drive rule on real block devices (loop devices, root only), through the code the privileged
// writer runs (runFlashJob with devicesOnly) and the entry the CLI and the app share (flashTree).

import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareWorkshop } from '../workshop/prepare-workshop';
import { flashTree } from '../write/flash-tree';
import { runFlashJob } from '../write/flash-job';
import { LoopDevices } from '../write/testing/loop-devices';
import { makePlanFixture, type PlanFixture } from '../write/testing/plan-fixture';
import { testThreads } from '../io/testing/threads';

const mib = 1024 * 1024;
const root = process.getuid?.() === 0 && process.platform === 'linux';
let dir = '';
let fixture: PlanFixture;
const loops = new LoopDevices(() => dir);
const mounted: string[] = [];

/** A loop device whose first MiB is a pattern, to prove nothing was written. */
function patterned(name: string, size: number): string {
  const { device, backing } = loops.make(name, size);
  writeFileSync(backing, Buffer.alloc(mib, 0x5c), { flag: 'r+' });
  return device;
}
function untouched(device: string): boolean {
  const head = Buffer.alloc(mib);
  const fd = openSync(device, 'r');
  try {
    readSync(fd, head, 0, mib, 0);
  } finally {
    closeSync(fd);
  }
  return head.equals(Buffer.alloc(mib, 0x5c));
}
const job = (device: string, includeLoop: boolean) =>
  runFlashJob(
    { jobId: 'hostile', plan: fixture.plan, targets: [{ device }], heldPaths: [], includeLoop },
    { threads: testThreads(), devicesOnly: true },
  );

beforeAll(() => {
  if (!root) return;
  dir = mkdtempSync(join(tmpdir(), 'drive-hostile-'));
  fixture = makePlanFixture(dir, { size: 32 * mib, files: 2, fileSize: mib });
  mkdirSync(join(dir, 'tree', 'go'), { recursive: true });
  writeFileSync(join(dir, 'tree', 'go', 'VERSION'), 'go1.19.8\n');
});
afterAll(() => {
  // A writer that unmounted it already (the behaviour under test) leaves nothing to unmount.
  for (const point of mounted) spawnSync('umount', [point], { stdio: 'ignore' });
  loops.detachAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.runIf(root)('F8: a disk mounted on purpose is refused, not unmounted', () => {
  it('leaves a volume mounted at a /srv-like place mounted, its files in place', async () => {
    const { device } = loops.make('data', 64 * mib);
    execFileSync('mkfs.ext2', ['-q', '-F', device], { stdio: 'ignore' });
    const srv = join(dir, 'srv');
    mkdirSync(srv);
    execFileSync('mount', [device, srv]);
    mounted.push(srv);
    writeFileSync(join(srv, 'data.txt'), 'kept\n');
    const [result] = await job(device, true);
    expect(result?.ok).toBe(false);
    expect(result?.error?.code).toBe('E_DRIVE_BUSY');
    expect(result?.error?.detail).toContain(srv);
    expect(readFileSync(join(srv, 'data.txt'), 'utf8')).toBe('kept\n');
  });
});

describe.runIf(root)('L8 (includeLoop): the writer takes loop devices only when asked', () => {
  it('refuses a loop device in a job that did not ask for loop devices, writing nothing', async () => {
    const device = patterned('unasked', 40 * mib);
    const [refused] = await job(device, false);
    expect(refused?.error?.code).toBe('E_DRIVE_NOT_STICK');
    expect(untouched(device)).toBe(true);
    const [written] = await job(device, true);
    expect(written).toMatchObject({ ok: true, verified: true });
  });
});

describe.runIf(root)('F8: workshop --drive obeys the large-drive confirmation of flash', () => {
  it('refuses a named 200 GB drive without --large', async () => {
    const device = patterned('huge', 200e9);
    const tree = join(dir, 'tree');
    const refused = await prepareWorkshop({ tree, includeLoop: true, drives: [device] });
    expect(refused.ok ? '' : refused.error.code).toBe('E_DRIVE_UNCONFIRMED');
    const confirmed = await prepareWorkshop({
      tree,
      includeLoop: true,
      drives: [device],
      confirmedLarge: [device],
    });
    expect(confirmed.ok).toBe(true);
    expect(untouched(device)).toBe(true);
  });
});

describe.runIf(root)('L10: a missing device is never made into a file', () => {
  it('refuses /dev/<gone> and creates nothing in /dev', async () => {
    const gone = `/dev/sourcery-gone-${process.pid}`;
    try {
      const result = await flashTree(
        {
          jobId: 'gone',
          tree: join(dir, 'tree'),
          targets: [{ device: gone }],
          size: 64 * mib,
        },
        { threads: testThreads() },
      );
      const code = result.ok ? result.value.targets[0]?.error?.code : result.error.code;
      expect(code).toBe('E_DRIVE_GONE');
      expect(existsSync(gone)).toBe(false);
    } finally {
      rmSync(gone, { force: true });
    }
  });
});
