// The privileged writer for real: a separate process (spawned directly, as we are root here) over pipes.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobProgress } from '../../../contract/dto';
import { makePlanFixture, type PlanFixture } from '../plan-fixture';
import { childCommand } from './child-command';
import { encodeJob, lineReader, type ToParent } from './protocol';
import { runPrivileged } from './run-privileged';
import { startThroughFifos } from './started-child';

const MiB = 1024 * 1024;
let dir: string;
let fixture: PlanFixture;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'privileged-'));
  fixture = makePlanFixture(dir, { size: 48 * MiB, files: 10, fileSize: 2 * MiB });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('runs one job in a child process and relays progress and the verified result', async () => {
  const events: JobProgress[] = [];
  let elevated = false;
  const targets = [join(dir, 'a.img'), join(dir, 'b.img')];
  const result = await runPrivileged(
    { jobId: 'p1', plan: fixture.plan, targets: targets.map((device) => ({ device })), heldPaths: [] },
    { elevation: 'none', onProgress: (p) => events.push(p), onElevated: () => (elevated = true) },
  );
  expect(result.ok && result.value.map((r) => [r.ok, r.verified])).toEqual([
    [true, true],
    [true, true],
  ]);
  expect(elevated).toBe(true);
  expect(events.some((e) => e.phase === 'writing' && e.target === targets[0])).toBe(true);
  expect(events.some((e) => e.phase === 'done' && e.target === targets[1])).toBe(true);
  expect(readFileSync(targets[0] ?? '').equals(fixture.expected())).toBe(true);
});

it('cancels through the pipe, and the child zeroes every unfinished head', async () => {
  const controller = new AbortController();
  const target = join(dir, 'cancelled.img');
  const result = await runPrivileged(
    { jobId: 'p2', plan: fixture.plan, targets: [{ device: target }], heldPaths: [] },
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
    readFileSync(target)
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
  const child = await startThroughFifos(viaShell, [command.file, ...command.args], command.env);
  const messages: ToParent[] = [];
  child.stdout.on(
    'data',
    lineReader((value) => messages.push(value as ToParent)),
  );
  const target = join(dir, "it's via fifos.img"); // a quote, to prove the shell quoting
  const job = { jobId: 'f1', plan: fixture.plan, targets: [{ device: target }], heldPaths: [] };
  child.stdin.write(`${JSON.stringify({ type: 'job', job: encodeJob(job) })}\n`);
  const { code } = await child.closed;
  expect(code).toBe(0);
  const result = messages.find((m) => m.type === 'result');
  expect(result?.type === 'result' && result.results[0]).toMatchObject({ ok: true, verified: true });
  expect(readFileSync(target).equals(fixture.expected())).toBe(true);
});

it('does not hang when the prompt is dismissed and the writer never opens the FIFOs', async () => {
  const child = await startThroughFifos(() => ({ file: 'sh', args: ['-c', 'exit 1'] }), ['true'], {});
  child.stdout.resume();
  expect((await child.closed).code).toBe(1);
});
