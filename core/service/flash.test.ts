// The flash handlers as the wizard uses them: start a job on image files, see events, cancel another.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EventPayloads, JobProgress, LogLine } from '../../contract';
import { createHandlers } from './handlers';

let dir: string;
const progress: JobProgress[] = [];
const logs: LogLine[] = [];
const handlers = () =>
  createHandlers({
    shell: 'browser',
    dataDir: dir,
    emit: (name, payload) => {
      if (name === 'jobProgress') progress.push(payload as EventPayloads['jobProgress']);
      if (name === 'jobLog') logs.push(payload as EventPayloads['jobLog']);
    },
  });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'service-flash-'));
  mkdirSync(join(dir, 'root', 'go'), { recursive: true });
  for (let i = 0; i < 20; i += 1)
    writeFileSync(join(dir, 'root', 'go', `f${i}.go`), `package x // ${i}\n`.repeat(20_000));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('flashes image files and reports progress by job and target', async () => {
  const image = join(dir, 'stick.img');
  const result = await handlers().flashStart({
    jobId: 'ui-1',
    tree: join(dir, 'root'),
    targets: [{ device: image }],
    size: 64 * 1024 * 1024,
  });
  expect(result.ok && result.value.targets[0]).toMatchObject({ device: image, ok: true, verified: true });
  expect(readFileSync(image).subarray(510, 512)).toEqual(Buffer.from([0x55, 0xaa]));
  expect(progress.some((p) => p.jobId === 'ui-1' && p.target === image && p.phase === 'verifying')).toBe(
    true,
  );
  expect(progress.some((p) => p.jobId === 'ui-1' && p.target === undefined && p.phase === 'done')).toBe(true);
});

it('cancels a running job by id, leaving the image without a valid first MiB', async () => {
  const service = handlers();
  const image = join(dir, 'cancelled.img');
  const started = service.flashStart({
    jobId: 'ui-2',
    tree: join(dir, 'root'),
    targets: [{ device: image }],
    size: 64 * 1024 * 1024,
  });
  // Cancel as soon as the first byte is written.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (!progress.some((p) => p.jobId === 'ui-2' && p.phase === 'writing')) return;
      clearInterval(timer);
      resolve();
    }, 1);
  });
  expect(await service.flashCancel({ jobId: 'ui-2' })).toEqual({ ok: true, value: { cancelled: true } });
  const result = await started;
  expect(result.ok && result.value.targets[0]?.error?.code).toBe('E_CANCELLED');
  expect(
    readFileSync(image)
      .subarray(0, 1024 * 1024)
      .every((b) => b === 0),
  ).toBe(true);
  expect(await service.flashCancel({ jobId: 'ui-2' })).toEqual({ ok: true, value: { cancelled: false } });
});

it('writes no file from the wizard unless it is an .img image', async () => {
  const result = await handlers().flashStart({
    jobId: 'ui-3',
    tree: join(dir, 'root'),
    targets: [{ device: join(dir, '.bashrc') }],
    size: 64 * 1024 * 1024,
  });
  expect(result.ok ? '' : result.error.code).toBe('E_IO');
  expect(existsSync(join(dir, '.bashrc'))).toBe(false);
});

it('refuses to eject a drive that is not listed', async () => {
  const result = await handlers().drivesEject({ device: '/dev/not-a-drive' });
  expect(result.ok ? '' : result.error.code).toBe('E_DRIVE_GONE');
});
