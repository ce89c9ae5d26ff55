// Sticks per minute in workshop mode with four loop devices, against dd writing and reading back the same image.

import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { writePlanToFile } from '../core/io/stream';
import { composeOnce, type WorkshopImage } from '../core/workshop/compose-once';
import { runWorkshop } from '../core/workshop/workshop';
import { median, type Bench, type BenchRow } from './table';
import { testThreads } from '../core/io/testing/threads';

const mib = 1024 * 1024;
const sticks = 4;
const rounds = 3;

const run = (file: string, args: string[]): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${file}: ${err}`))));
  });

function dropCaches(): void {
  execFileSync('sync');
  writeFileSync('/proc/sys/vm/drop_caches', '3');
}

function attachAll(dir: string): string[] {
  return Array.from({ length: sticks }, (_, i) => {
    const backing = join(dir, `stick${i}.backing`);
    execFileSync('truncate', ['-s', '0', backing]);
    execFileSync('truncate', ['-s', '160M', backing]);
    return execFileSync('losetup', ['--find', '--show', backing], { encoding: 'utf8' }).trim();
  });
}
const detachAll = (devices: string[]): void => {
  for (const device of devices) execFileSync('losetup', ['-d', device]);
};

/** dd writes the image to each stick and reads it back (direct I/O both ways), all four at once. */
async function baseline(dir: string, imagePath: string, bytes: number): Promise<number> {
  const devices = attachAll(dir);
  const started = performance.now();
  const count = String(Math.ceil(bytes / (4 * mib)));
  await Promise.all(
    devices.map(async (device, i) => {
      await run('dd', [`if=${imagePath}`, `of=${device}`, 'bs=4M', 'oflag=direct', 'status=none']);
      const back = join(dir, `back${i}.img`);
      await run('dd', [
        `if=${device}`,
        `of=${back}`,
        'bs=4M',
        `count=${count}`,
        'iflag=direct',
        'status=none',
      ]);
      await run('cmp', ['-n', String(bytes), imagePath, back]);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  detachAll(devices);
  return seconds;
}

/** A workshop already watching; four sticks plugged in; the time until all four are done. */
async function ours(dir: string, image: WorkshopImage): Promise<number> {
  const controller = new AbortController();
  let ready = false;
  let done = 0;
  const finished = runWorkshop(
    { jobId: 'bench', image, range: { min: image.plan.size, max: 1e12 }, includeLoop: true, eject: true },
    {
      threads: testThreads(),
      signal: controller.signal,
      onReady: () => (ready = true),
      onStick: (_stick, tally) => (done = tally.done),
    },
  );
  while (!ready) await sleep(50);
  const started = performance.now();
  const devices = attachAll(dir);
  while (done < sticks) await sleep(20);
  const seconds = (performance.now() - started) / 1000;
  controller.abort();
  const summary = await finished;
  detachAll(devices);
  if (summary.tally.failed > 0) throw new Error(`a stick failed: ${JSON.stringify(summary.sticks)}`);
  return seconds;
}

const bench: Bench = async () => {
  if (process.getuid?.() !== 0) return [];
  const dir = mkdtempSync(join(homedir(), '.cache', 'sourcery-flasher-bench-'));
  try {
    const tree = join(dir, 'tree');
    for (let i = 0; i < 64; i += 1) {
      mkdirSync(join(tree, `pkg${i % 8}`), { recursive: true });
      writeFileSync(join(tree, `pkg${i % 8}`, `file${i}.go`), randomBytes(mib));
    }
    const image = await composeOnce({ tree, minSize: 128 * mib });
    if (!image.ok) throw new Error(image.error.detail);
    const imagePath = join(dir, 'stick.img');
    await writePlanToFile(image.value.plan, imagePath, { threads: testThreads() });
    // dd copies the used part of the image: the same bytes our plan writes.
    const usedBytes = Math.max(...image.value.plan.extents.map((e) => e.offset + e.length));
    const rows: BenchRow[] = [];
    for (const cold of [false, true]) {
      const base: number[] = [];
      const mine: number[] = [];
      for (let i = 0; i < rounds; i += 1) {
        if (cold) dropCaches();
        base.push(await baseline(dir, imagePath, usedBytes));
        if (cold) dropCaches();
        mine.push(await ours(dir, image.value));
      }
      rows.push({
        what: `workshop, ${sticks} loop devices plugged in at once, 64 MiB root`,
        baseline: 'dd write + dd read back + cmp, 4 in parallel',
        baselineValue: (sticks * 60) / median(base),
        ours: (sticks * 60) / median(mine),
        unit: 'sticks/min',
        higherIsBetter: true,
        note: `median of ${rounds}, ${cold ? 'cold' : 'warm'}; ours includes noticing the sticks (1 s polls) and eject`,
      });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export default bench;
