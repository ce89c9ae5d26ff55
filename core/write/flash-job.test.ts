// A whole job on image files: a corrupted target fails verification alone; unsafe paths are refused.

import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobProgress, LogLine } from '../../contract/dto';
import { runFlashJob } from './flash-job';
import { makePlanFixture, type PlanFixture } from './testing/plan-fixture';
import { testThreads } from '../io/testing/threads';

const MiB = 1024 * 1024;
let dir: string;
let fixture: PlanFixture;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'flash-job-'));
  fixture = makePlanFixture(dir, { size: 32 * MiB, files: 8, fileSize: MiB });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('fails only the target whose bits flipped between write and verify, and says where', async () => {
  const good = join(dir, 'good.img');
  const bad = join(dir, 'bad.img');
  const victim = fixture.plan.extents.find((e) => e.label === '/go/src/pkg5.go');
  const events: JobProgress[] = [];
  const logs: LogLine[] = [];
  const results = await runFlashJob(
    {
      jobId: 'j1',
      plan: fixture.plan,
      targets: [{ device: good }, { device: bad }],
      heldPaths: [dir + '/sources'],
    },
    {
      threads: testThreads(),
      onProgress: (p) => events.push(p),
      onLog: (l) => logs.push(l),
      hooks: {
        beforeVerify: async (device) => {
          if (device !== bad || !victim) return;
          const fd = openSync(bad, 'r+');
          const byte = Buffer.alloc(1);
          readSync(fd, byte, 0, 1, victim.offset + 5000);
          writeSync(fd, Buffer.from([(byte[0] ?? 0) ^ 1]), 0, 1, victim.offset + 5000);
          closeSync(fd);
        },
      },
    },
  );
  expect(results[0]).toMatchObject({ device: good, ok: true, verified: true });
  expect(results[1]).toMatchObject({ device: bad, ok: false, verified: false });
  expect(results[1]?.error?.code).toBe('E_VERIFY_MISMATCH');
  expect(results[1]?.error?.detail).toContain('/go/src/pkg5.go');
  const phases = new Set(events.filter((e) => e.target === good).map((e) => e.phase));
  expect([...phases]).toEqual(expect.arrayContaining(['preparing', 'writing', 'verifying', 'done']));
  expect(events.filter((e) => e.target === bad).at(-1)?.phase).toBe('failed');
  expect(logs.some((l) => l.level === 'error' && l.message.includes('bad.img'))).toBe(true);
});

it('never writes an image file into the folder being composed, nor over a folder', async () => {
  const held = join(dir, 'tree');
  const results = await runFlashJob(
    {
      jobId: 'j2',
      plan: fixture.plan,
      targets: [{ device: join(held, 'stick.img') }, { device: dir }],
      heldPaths: [held],
    },
    { threads: testThreads() },
  );
  expect(results.map((r) => r.error?.code)).toEqual(['E_DRIVE_SYSTEM', 'E_IO']);
  expect(existsSync(join(held, 'stick.img'))).toBe(false);
});
