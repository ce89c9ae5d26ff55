// The privileged writer for real: a separate process (spawned directly, as we are root here) over pipes.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobProgress } from '../../../contract/dto';
import { LoopDevices, type LoopDevice } from '../testing/loop-devices';
import { makePlanFixture, type PlanFixture } from '../testing/plan-fixture';
import { childCommand } from './child-command';
import { encodeJob, lineReader, type ToParent } from './protocol';
import { runPrivileged } from './run-privileged';
import { launchApart } from './testing/launch-apart';
import { startThroughFifos } from './started-child';
import { writerLaunch } from './writer-launch';

const MiB = 1024 * 1024;
let dir: string;
let fixture: PlanFixture;
const loops = new LoopDevices(() => dir);
/** The privileged writer writes devices only: every target here is a loop device. */
const makeLoop = (name: string): LoopDevice => loops.make(name, 48 * MiB);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'privileged-'));
  fixture = makePlanFixture(dir, { size: 48 * MiB, files: 10, fileSize: 2 * MiB });
});
afterAll(() => {
  loops.detachAll();
  rmSync(dir, { recursive: true, force: true });
});

it('runs one job in a child process, relays progress and results, and writes devices only', async () => {
  const events: JobProgress[] = [];
  let elevated = false;
  const [a, b] = [makeLoop('a'), makeLoop('b')];
  const file = join(dir, 'not-for-root.img');
  const result = await runPrivileged(
    {
      jobId: 'p1',
      plan: fixture.plan,
      targets: [{ device: a.device }, { device: b.device }, { device: file }],
      heldPaths: [],
      includeLoop: true,
    },
    { elevation: 'none', onProgress: (p) => events.push(p), onElevated: () => (elevated = true) },
  );
  expect(result.ok && result.value.map((r) => [r.ok, r.verified, r.error?.code])).toEqual([
    [true, true, undefined],
    [true, true, undefined],
    [false, false, 'E_BAD_REQUEST'],
  ]);
  // An elevated process never creates or overwrites a file: that stays with the user's own rights.
  expect(existsSync(file)).toBe(false);
  expect(elevated).toBe(true);
  expect(events.some((e) => e.phase === 'writing' && e.target === a.device)).toBe(true);
  expect(events.some((e) => e.phase === 'done' && e.target === b.device)).toBe(true);
  expect(readFileSync(a.backing).equals(fixture.expected())).toBe(true);
});

it('cancels through the pipe, and the child zeroes every unfinished head', async () => {
  const controller = new AbortController();
  const target = makeLoop('cancelled');
  const result = await runPrivileged(
    {
      jobId: 'p2',
      plan: fixture.plan,
      targets: [{ device: target.device }],
      heldPaths: [],
      includeLoop: true,
    },
    {
      elevation: 'none',
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'writing' && p.bytesDone > 0) controller.abort();
      },
    },
  );
  expect(result.ok && result.value[0]?.error?.code).toBe('E_CANCELLED');
  expect(result.ok && result.value[0]?.firstMiBZeroed).toBe(true);
  expect(
    readFileSync(target.backing)
      .subarray(0, MiB)
      .every((b) => b === 0),
  ).toBe(true);
});

it('refuses anything but one well-formed job', async () => {
  const command = childCommand();
  const child = spawn(command.file, command.args, { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stdin.write('{"type":"job","job":{"jobId":"x","plan":{"size":-1}}}\n');
  const code = await new Promise((resolve) => child.on('close', resolve));
  expect(code).toBe(2);
  const lines = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; error?: { code: string } });
  expect(lines[0]?.type).toBe('ready');
  expect(lines[1]).toMatchObject({ type: 'fatal', error: { code: 'E_BAD_REQUEST' } });
});

it('opens a device exclusively with O_DIRECT for writing and for reading back, as strace sees it', async (context) => {
  if (process.getuid?.() !== 0) return context.skip();
  const backing = join(dir, 'strace.backing');
  writeFileSync(backing, '');
  execFileSync('truncate', ['-s', '48M', backing]);
  const device = execFileSync('losetup', ['--find', '--show', backing], { encoding: 'utf8' }).trim();
  try {
    const trace = join(dir, 'strace.log');
    const command = childCommand();
    const result = await runPrivileged(
      { jobId: 'p4', plan: fixture.plan, targets: [{ device }], heldPaths: [], includeLoop: true },
      {
        elevation: 'none',
        child: {
          ...command,
          file: 'strace',
          args: ['-f', '-qq', '-e', 'trace=openat', '-o', trace, command.file, ...command.args],
        },
      },
    );
    expect(result.ok && result.value[0]).toMatchObject({ ok: true, verified: true, direct: true });
    const opens = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((line) => line.includes(`"${device}"`) && !line.includes('= -1'));
    expect(
      opens.some((l) => /O_RDWR\|O_EXCL\|O_DIRECT|O_RDWR\|O_DIRECT\|O_EXCL|O_EXCL.*O_DIRECT/.test(l)),
    ).toBe(true);
    expect(opens.some((l) => /O_RDONLY\|O_DIRECT|O_DIRECT.*O_RDONLY/.test(l))).toBe(true);
  } finally {
    execFileSync('losetup', ['-d', device]);
  }
});

it('runs the writer through FIFOs the way the macOS prompt does (a shell in place of osascript)', async () => {
  const command = childCommand();
  const viaShell = (cmd: string) => ({ file: 'sh', args: ['-c', cmd] });
  // An environment value with quotes proves the shell quoting of the command osascript would run.
  const launch = writerLaunch(
    'osascript',
    { ...command, env: { ...command.env, QUOTE_PROOF: `it's "quoted"` } },
    { env: process.env, uid: 0, gid: 0 },
  );
  const child = await startThroughFifos(viaShell, [launch.file, ...launch.args]);
  const messages: ToParent[] = [];
  child.stdout.on(
    'data',
    lineReader((value) => messages.push(value as ToParent)),
  );
  const target = makeLoop('via-fifos');
  const job = {
    jobId: 'f1',
    plan: fixture.plan,
    targets: [{ device: target.device }],
    heldPaths: [],
    includeLoop: true,
  };
  child.stdin.write(`${JSON.stringify({ type: 'job', job: encodeJob(job) })}\n`);
  const { code } = await child.closed;
  expect(code).toBe(0);
  const result = messages.find((m) => m.type === 'result');
  expect(result?.type === 'result' && result.results[0]).toMatchObject({ ok: true, verified: true });
  expect(readFileSync(target.backing).equals(fixture.expected())).toBe(true);
});

it('does not hang when the prompt is dismissed and the writer never opens the FIFOs', async () => {
  const child = await startThroughFifos(() => ({ file: 'sh', args: ['-c', 'exit 1'] }), ['true']);
  child.stdout.resume();
  expect((await child.closed).code).toBe(1);
});

it('writes a device through the signed channel the way a UAC-started writer does, with no pipes of ours', async () => {
  const target = makeLoop('via-channel');
  let elevated = false;
  const events: JobProgress[] = [];
  const result = await runPrivileged(
    {
      jobId: 'c1',
      plan: fixture.plan,
      targets: [{ device: target.device }],
      heldPaths: [],
      includeLoop: true,
    },
    {
      elevation: 'uac',
      launch: launchApart,
      onElevated: () => (elevated = true),
      onProgress: (p) => events.push(p),
    },
  );
  if (!result.ok) throw new Error(result.error.detail);
  expect(elevated).toBe(true);
  expect(result.value[0]).toMatchObject({ ok: true, verified: true, direct: true });
  expect(events.some((e) => e.phase === 'verifying')).toBe(true);
  expect(readFileSync(target.backing).equals(fixture.expected())).toBe(true);
});
