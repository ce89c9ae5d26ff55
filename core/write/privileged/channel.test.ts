// The channel to a writer started apart from us (Windows UAC), run here over a Unix socket with the
// real writer process, started the way UAC starts it: none of our pipes, none of our environment.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, expect, it } from 'vitest';
import { lineChecker, lineSigner, startThroughChannel, type Launch } from './channel';
import { childCommand } from './child-command';
import { runPrivileged } from './run-privileged';
import { launchApart } from './testing/launch-apart';
import { lineSplitter } from './protocol';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const lines = (text: string): unknown[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown);

it('signs each line for one direction and order; a forged, reordered or reflected line ends the channel', () => {
  const secret = randomBytes(32);
  const sign = lineSigner(secret, 'to-child');
  const wire = ['{"type":"job"}', '{"type":"cancel"}', '{"n":3}'].map((l) => sign(l).trimEnd());

  const inOrder = lineChecker(secret, 'to-child');
  expect(wire.map(inOrder)).toEqual(['{"type":"job"}', '{"type":"cancel"}', '{"n":3}']);

  const reordered = lineChecker(secret, 'to-child');
  expect(reordered(wire[1] ?? '')).toBeUndefined();
  expect(reordered(wire[0] ?? '')).toBeUndefined(); // once broken, nothing after is trusted

  const forged = lineChecker(secret, 'to-child');
  expect(forged((wire[0] ?? '').replace('job', 'jab'))).toBeUndefined();
  expect(lineChecker(randomBytes(32), 'to-child')(wire[0] ?? '')).toBeUndefined();
  expect(lineChecker(secret, 'to-child')('{"type":"job"}')).toBeUndefined();
  // The parent's own line sent back to it does not pass as the writer's.
  expect(lineChecker(secret, 'to-parent')(wire[0] ?? '')).toBeUndefined();
});

it('serves the writer it started, after dropping a stranger that connected first without the secret', async () => {
  let stranger: Socket | undefined;
  let strangerClosed: Promise<void> | undefined;
  let argv: string[] = [];
  const launch: Launch = (file, args, env) => {
    argv = args;
    const address = args[args.indexOf('--channel') + 1] ?? '';
    stranger = connect(address);
    stranger.on('error', () => undefined);
    strangerClosed = new Promise((resolve) => stranger?.on('close', () => resolve()));
    stranger.write('{"type":"ready","pid":1,"elevated":true}\n');
    return launchApart(file, args, env);
  };
  const child = await startThroughChannel(launch, childCommand());
  let said = '';
  child.stdout.on('data', (chunk: Buffer) => (said += chunk.toString()));
  child.stdin.write('{"type":"job","job":{"jobId":"x"}}\n');
  const { code } = await child.closed;

  await strangerClosed; // dropped by the parent at its first, unsigned line
  expect(stranger?.destroyed).toBe(true);
  // The writer answered through the channel: ready, then its refusal of a malformed job.
  const [ready, refusal] = lines(said);
  expect(ready).toMatchObject({ type: 'ready' });
  expect(refusal).toMatchObject({ type: 'fatal', error: { code: 'E_BAD_REQUEST' } });
  expect(code).toBe(2);
  // The secret is never on a command line; its folder is gone afterwards.
  const secretFile = argv[argv.indexOf('--secret-file') + 1] ?? '';
  expect(argv.join(' ')).not.toMatch(/[0-9a-f]{64}/);
  expect(() => readFileSync(secretFile)).toThrow();
});

it('the writer takes nothing from a channel whose lines are not signed with its secret', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'channel-'));
  dirs.push(dir);
  const secretFile = join(dir, 'secret');
  writeFileSync(secretFile, randomBytes(32).toString('hex'));
  const address = join(dir, 'fake.sock');
  let heard = '';
  const server = createServer((socket) => {
    socket.on('data', (chunk: Buffer) => (heard += chunk.toString()));
    // A fake parent that knows the address but not the secret sends a job unsigned.
    socket.write('{"type":"job","job":{"jobId":"evil"}}\n');
  });
  await new Promise<void>((resolve) => server.listen(address, resolve));
  const command = childCommand();
  const { closed } = launchApart(
    command.file,
    [...command.args, '--channel', address, '--secret-file', secretFile],
    command.env,
  );
  const { code } = await closed;
  server.close();
  expect(code).toBe(3); // the channel closed before any job it could trust
  expect(heard).toMatch(/^[0-9a-f]{64} \{"type":"ready"/); // it spoke, signed, and only said ready
  expect(heard.trim().split('\n')).toHaveLength(1);
});

it('says a declined UAC prompt wrote nothing, without waiting for a writer that never comes', async () => {
  const declined: Launch = () => ({
    stderr: Readable.from(['The operation was canceled by the user.\n']),
    closed: Promise.resolve({ code: 1223 }),
  });
  const job = {
    jobId: 'd',
    heldPaths: [],
    targets: [{ device: '/dev/sdz' }],
    plan: { size: 1 << 20, diskSignature: 1, partition: { offset: 0, length: 1 << 20 }, extents: [] },
  };
  const result = await runPrivileged(job, { elevation: 'uac', launch: declined });
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe('E_ELEVATION');
  expect(result.error.detail).toContain('declined; nothing was written');
});

it('carries a file name whose UTF-8 bytes are split between two chunks', () => {
  const secret = randomBytes(32);
  const wire = Buffer.from(lineSigner(secret, 'to-parent')('{"label":"/go/src/café.go"}'));
  const check = lineChecker(secret, 'to-parent');
  const got: Array<string | undefined> = [];
  const feed = lineSplitter((line) => got.push(check(line)));
  const cut = wire.indexOf(Buffer.from('é')) + 1; // between the two bytes of é
  feed(wire.subarray(0, cut));
  feed(wire.subarray(cut));
  expect(got).toEqual(['{"label":"/go/src/café.go"}']);
});
