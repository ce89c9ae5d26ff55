// Workshop mode on real loop devices plugged in and out while it runs, Ctrl-C, and every refusal.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkshopStick, WorkshopTally } from '../../contract/dto';
import { listDrives } from '../../core/drives/list';
import { main } from '../main';
import { runCli } from '../testing/run-cli';

const root = process.getuid?.() === 0 && process.platform === 'linux';
const dir = mkdtempSync(join(tmpdir(), 'cli-workshop-'));
const tree = join(dir, 'tree');
const loops = new Set<string>();
const mib = 1024 * 1024;

function attach(name: string, size: string, readOnly = false): string {
  const backing = join(dir, `${name}.backing`);
  execFileSync('truncate', ['-s', size, backing]);
  const args = readOnly ? ['-r', '--find', '--show', backing] : ['--find', '--show', backing];
  const device = execFileSync('losetup', args, { encoding: 'utf8' }).trim();
  loops.add(device);
  return device;
}
function detach(device: string): void {
  execFileSync('losetup', ['-d', device]);
  loops.delete(device);
}
const head = (device: string): Buffer => readFileSync(device).subarray(0, mib);

interface Running {
  lines: () => Array<Record<string, unknown>>;
  stop: () => Promise<{ code: number; err: string }>;
}

/** Starts `workshop --json` in this process; Ctrl-C is the abort of its signal. */
function start(args: string[]): Running {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  let [out, err] = ['', ''];
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const controller = new AbortController();
  const io = { stdout, stderr, interactive: false, signal: controller.signal };
  const finished = main(['workshop', '--tree', tree, '--json', '--yes', ...args], io);
  return {
    lines: () =>
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    stop: async () => {
      controller.abort();
      return { code: await finished, err };
    },
  };
}

async function waitFor<T>(
  what: string,
  probe: () => T | undefined,
  seen: () => unknown = () => '',
  seconds = 120,
): Promise<T> {
  for (let i = 0; i < seconds * 5; i += 1) {
    const value = probe();
    if (value !== undefined) return value;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}; seen: ${JSON.stringify(seen())}`);
}

const sticksOf = (run: Running) =>
  run.lines().filter((l) => l.type === 'stick') as unknown as Array<WorkshopStick & { tally: WorkshopTally }>;

const verify = async (device: string): Promise<number> =>
  (await runCli(['verify', '--tree', tree, '--drive', device])).code;

beforeAll(() => {
  mkdirSync(join(tree, 'go', 'src'), { recursive: true });
  writeFileSync(join(tree, 'go', 'VERSION'), 'go1.19.8\n');
  writeFileSync(join(tree, 'go', 'src', 'hello.go'), 'package main\n'.repeat(20_000));
});
afterAll(() => {
  for (const device of loops) execFileSync('losetup', ['-d', device], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(root)('sourcery-flash workshop', () => {
  it('flashes sticks plugged in after the start, several at once, and never the ones already there', async () => {
    const present = attach('present', '64M');
    writeFileSync(present, Buffer.alloc(mib, 0xab));
    // Odd sizes: other tests on this machine attach loop devices too, and those must not be taken.
    const run = start(['--min-size', '66M', '--max-size', '68M', '--include-loop']);
    await waitFor('ready', () => run.lines().find((l) => l.type === 'ready'));
    expect(run.lines()[0]).toMatchObject({ type: 'ready', size: 66 * mib });

    const sticks = [1, 2, 3, 4].map((n) => attach(`stick${n}`, '67M'));
    const readOnly = attach('locked', '67M', true);
    const small = attach('small', '40M');
    const big = attach('big', '128M');
    const mine = (s: WorkshopStick) => [...sticks, readOnly, small, big].includes(s.device);
    const count = (status: string) => sticksOf(run).filter((s) => mine(s) && s.status === status).length;
    await waitFor(
      '4 done, 3 skipped',
      () => (count('done') === 4 && count('skipped') === 3 ? true : undefined),
      run.lines,
    );
    expect(Math.max(...sticksOf(run).map((s) => s.tally.inProgress))).toBeGreaterThanOrEqual(2);
    // Out and in again is a new stick: flashed again, once.
    detach(sticks[0] ?? '');
    // Let the watcher see it gone (it polls every second), as it would a stick pulled out.
    await waitFor('the removal', () =>
      run.lines().some((l) => l.type === 'log' && l.message === `${sticks[0]}: removed`) ? true : undefined,
    );
    const again = attach('stick1', '67M');
    sticks.push(again);
    await waitFor('the stick plugged in again', () => (count('done') === 5 ? true : undefined), run.lines);
    const { code } = await run.stop();
    expect(code).toBe(0);

    const summary = run.lines().find((l) => l.type === 'summary') as { sticks: WorkshopStick[] } | undefined;
    const ours = summary?.sticks.filter(mine) ?? [];
    expect(ours.map((s) => s.status).sort()).toEqual([
      'done',
      'done',
      'done',
      'done',
      'done',
      'skipped',
      'skipped',
      'skipped',
    ]);
    const reasons = Object.fromEntries(ours.map((s) => [s.device, s.reason]));
    expect(reasons[readOnly]).toContain('read-only');
    expect(reasons[small]).toContain('too small');
    expect(reasons[big]).toContain('larger than --max-size');
    const logs = run.lines().filter((l) => l.type === 'log' && String(l.message).includes(': done in'));
    expect(logs.filter((l) => sticks.some((d) => String(l.message).startsWith(`${d} `)))).toHaveLength(5);
    for (const device of sticks.slice(1)) expect(await verify(device)).toBe(0);
    expect(head(present).equals(Buffer.alloc(mib, 0xab))).toBe(true);
  });

  it('Ctrl-C cancels a stick being written, zeroes its first MiB and never counts it as done', async () => {
    const bigTree = join(tree, 'big.bin');
    writeFileSync(
      bigTree,
      execFileSync('head', ['-c', String(160 * mib), '/dev/urandom'], { maxBuffer: 200 * mib }),
    );
    try {
      const run = start(['--min-size', '240M', '--max-size', '250M', '--include-loop']);
      await waitFor('ready', () => run.lines().find((l) => l.type === 'ready'));
      const stick = attach('slow', '245M');
      await waitFor('writing', () =>
        run.lines().find((l) => l.type === 'progress' && l.target === stick && l.phase === 'writing'),
      );
      const { code } = await run.stop();
      expect(code).toBe(130);
      const summary = run.lines().find((l) => l.type === 'summary');
      expect(summary?.tally).toMatchObject({ cancelled: 1, inProgress: 0 });
      expect(sticksOf(run).at(-1)).toMatchObject({
        device: stick,
        status: 'cancelled',
        firstMiBZeroed: true,
      });
      expect(head(stick).equals(Buffer.alloc(mib))).toBe(true);
      expect(await verify(stick)).toBe(6);
    } finally {
      rmSync(bigTree);
    }
  });

  it('flashes a drive present at the start when it is named with --drive, and only that one', async () => {
    const named = attach('named', '67M');
    const other = attach('other', '67M');
    writeFileSync(other, Buffer.alloc(mib, 0xcd));
    const run = start(['--min-size', '66M', '--max-size', '68M', '--include-loop', '--drive', named]);
    await waitFor('the named drive done', () =>
      sticksOf(run).some((s) => s.device === named && s.status === 'done') ? true : undefined,
    );
    expect((await run.stop()).code).toBe(0);
    expect(run.lines().find((l) => l.type === 'ready')?.untouched).toContain(other);
    expect(await verify(named)).toBe(0);
    expect(head(other).equals(Buffer.alloc(mib, 0xcd))).toBe(true);
  });

  it('refuses a named system drive, read-only or too small drive (exit 4) and a missing kernel (exit 3)', async () => {
    const system = (await listDrives({ includeLoop: false })).find((d) => d.system);
    const locked = attach('named-locked', '64M', true);
    const tiny = attach('named-tiny', '32M');
    const cases: Array<[string[], number, string]> = [
      [['--drive', locked], 4, 'read-only'],
      [['--drive', tiny], 4, 'too small'],
      [['--kernel', `amd64=${join(dir, 'no-such-vmlinuz')}`], 3, 'no-such-vmlinuz'],
    ];
    if (system) cases.push([['--drive', system.device], 4, 'system drive']);
    for (const [args, code, message] of cases) {
      const run = start(['--min-size', '48M', '--include-loop', ...args]);
      const result = await run.stop();
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.err).toContain(message);
    }
  });
});
