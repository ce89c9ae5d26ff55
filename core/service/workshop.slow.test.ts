// The workshop handlers as the app's toggle uses them: start, a stick plugged in, tally events, stop.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, it } from 'vitest';
import type { WorkshopTallyEvent } from '../../contract';
import { createHandlers } from './handlers';

const root = process.getuid?.() === 0 && process.platform === 'linux';
const dir = mkdtempSync(join(tmpdir(), 'service-workshop-'));
const loops: string[] = [];
afterAll(() => {
  for (const device of loops) execFileSync('losetup', ['-d', device], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

it.runIf(root)('flashes a stick plugged in after workshopStart and reports it as workshopTally', async () => {
  mkdirSync(join(dir, 'root', 'go'), { recursive: true });
  writeFileSync(join(dir, 'root', 'go', 'VERSION'), 'go1.19.8\n');
  const events: WorkshopTallyEvent[] = [];
  const handlers = createHandlers({
    shell: 'browser',
    dataDir: dir,
    emit: (name, payload) => void (name === 'workshopTally' && events.push(payload as WorkshopTallyEvent)),
  });
  const started = await handlers.workshopStart({
    jobId: 'ws-1',
    tree: join(dir, 'root'),
    minSize: 40 * 1024 * 1024,
    includeLoop: true,
  });
  if (!started.ok) throw new Error(started.error.detail);
  expect(started.value.size).toBe(40 * 1024 * 1024);
  expect((await handlers.workshopStart({ jobId: 'ws-1', tree: join(dir, 'root') })).ok).toBe(false);

  const backing = join(dir, 'stick.backing');
  execFileSync('truncate', ['-s', '64M', backing]);
  const stick = execFileSync('losetup', ['--find', '--show', backing], { encoding: 'utf8' }).trim();
  loops.push(stick);
  for (let i = 0; i < 600 && events.at(-1)?.tally.done !== 1; i += 1) await sleep(200);

  const stopped = await handlers.workshopStop({ jobId: 'ws-1' });
  if (!stopped.ok) throw new Error(stopped.error.detail);
  expect(stopped.value.tally).toMatchObject({ done: 1, failed: 0, inProgress: 0 });
  expect(stopped.value.sticks[0]).toMatchObject({ device: stick, status: 'done' });
  expect(events.map((e) => e.stick.status)).toEqual(['flashing', 'done']);
  expect((await handlers.workshopStop({ jobId: 'ws-1' })).ok).toBe(false);
});
