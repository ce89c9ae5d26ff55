// The privileged writer over a private local channel, for elevation tools that start the writer apart
// from us and so cannot hand it our pipes (Windows UAC): a named pipe on Windows, a Unix socket in a
// private folder elsewhere. Never a port. Every line is signed with a secret only the two ends know.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type { ChildCommand } from './child-command';
import { jobLineLimit, lineSplitter } from './protocol';
import type { StartedChild } from './started-child';

/*
 * Why signed lines. The pipe's name is random, but Windows lets any local user list pipe names, and a
 * process of the same user may create another instance of ours. The secret travels in a file in a
 * folder only this user (and administrators) can read, not on a command line, which other users'
 * tools can see. Each line carries HMAC-SHA256(secret, direction, line number, line): a party without
 * the secret can neither start a job in the elevated writer nor forge or reorder its answers; a bad
 * line ends the channel. (Code running as the same user can read the secret, as it could drive our
 * own process; Windows does not treat UAC as a boundary against it.)
 */

type Direction = 'to-child' | 'to-parent';

/** A signed line's MAC and space before the line itself. */
const signedPrefix = 65;

const mac = (secret: Buffer, direction: Direction, seq: number, line: string): Buffer =>
  createHmac('sha256', secret).update(`${direction}\n${seq}\n${line}`).digest();

/** Turns lines into signed wire lines (`<hex mac> <line>`), numbering them from 0. */
export function lineSigner(secret: Buffer, direction: Direction): (line: string) => string {
  let seq = 0;
  return (line) => `${mac(secret, direction, seq++, line).toString('hex')} ${line}\n`;
}

/**
 * Checks wire lines in order: returns the line, or undefined (then nothing after it can be trusted
 * either, as the numbering is lost).
 */
export function lineChecker(secret: Buffer, direction: Direction): (wire: string) => string | undefined {
  let seq = 0;
  let broken = false;
  return (wire) => {
    const space = wire.indexOf(' ');
    const line = wire.slice(space + 1);
    const given = Buffer.from(space === 64 ? wire.slice(0, 64) : '', 'hex');
    const expected = mac(secret, direction, seq, line);
    if (broken || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      broken = true;
      return undefined;
    }
    seq += 1;
    return line;
  };
}

/** Where the parent listens: a random named pipe on Windows, a socket in `dir` elsewhere. */
export const channelAddress = (dir: string, platform: NodeJS.Platform = process.platform): string =>
  platform === 'win32'
    ? `\\\\.\\pipe\\sourcery-writer-${randomBytes(16).toString('hex')}`
    : join(dir, 'writer.sock');

/** A started process we hold no pipes to but its stderr (the elevation tool), and its exit. */
export interface Launched {
  stderr: Readable;
  closed: Promise<{ code: number | null; error?: Error }>;
}

/** Starts `file args` with `env` through the OS's elevation tool. */
export type Launch = (file: string, args: string[], env: Record<string, string>) => Launched;

/** How long a connection may take to sign its first line before it is dropped. */
const helloWithin = 10_000;

/**
 * Listens on a private channel, starts the writer through `launch` pointed at it, and returns its
 * two line streams like a piped child: lines written to `stdin` go out signed; `stdout` gives only
 * lines whose signature checks. Connections that do not sign their first line in time are dropped;
 * the first that does is the writer's, and the channel then stops listening.
 */
export async function startThroughChannel(launch: Launch, command: ChildCommand): Promise<StartedChild> {
  const dir = await mkdtemp(join(tmpdir(), 'sourcery-writer-')); // mode 0700
  const secret = randomBytes(32);
  const secretFile = join(dir, 'secret');
  await writeFile(secretFile, secret.toString('hex'), { mode: 0o600 });
  const address = channelAddress(dir);
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address, () => resolve());
  }).catch(async (thrown: unknown) => {
    await rm(dir, { recursive: true, force: true }); // the secret goes with it
    throw thrown;
  });

  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const sign = lineSigner(secret, 'to-child');
  let writer: Socket | undefined;
  const queued: string[] = [];
  // Our lines wait until the writer has connected and proved itself.
  stdin.on(
    'data',
    lineSplitter(
      (line) => {
        const wire = sign(line);
        if (writer) writer.write(wire);
        else queued.push(wire);
      },
      { maxLength: jobLineLimit },
    ),
  );

  const open = new Set<Promise<void>>();
  server.on('connection', (socket) => {
    open.add(new Promise((resolve) => socket.once('close', () => resolve())));
    const check = lineChecker(secret, 'to-parent');
    const drop = setTimeout(() => socket.destroy(), helloWithin);
    let proved = false;
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(drop);
      if (proved) stdout.end();
    });
    socket.on(
      'data',
      lineSplitter(
        (wire) => {
          const line = check(wire);
          if (line === undefined) {
            // Unsigned or forged: a stranger, or a writer's line changed on the way. Nothing more is read.
            socket.destroy();
            return;
          }
          if (!proved) {
            if (writer) return void socket.destroy(); // one writer per channel
            proved = true;
            clearTimeout(drop);
            writer = socket;
            server.close();
            for (const q of queued.splice(0)) socket.write(q);
          }
          stdout.write(`${line}\n`);
        },
        { onTooLong: () => socket.destroy() },
      ), // L9: a peer's line is never held past the limit
    );
  });

  const child = launch(
    command.file,
    [...command.args, '--channel', address, '--secret-file', secretFile],
    command.env,
  );
  const closed = child.closed.then(async (exit) => {
    // A writer that connected just before it exited is still accepted and read to its end.
    if (!writer) await new Promise((resolve) => setTimeout(resolve, 100));
    server.close();
    await Promise.all(open);
    stdout.end(); // the writer never came (prompt declined), or it has finished
    stdin.destroy();
    await rm(dir, { recursive: true, force: true });
    return exit;
  });
  return { stdin, stdout, stderr: child.stderr, closed };
}

/** The writer's end: connects, reads the secret, and speaks signed lines. */
export interface ChildChannel {
  /** Checked lines from the parent; ends when the parent goes away or a line fails its check. */
  input: Readable;
  send(line: string): void;
  /** Sends what is queued, then closes. */
  close(): Promise<void>;
}

export async function connectChannel(address: string, secretFile: string): Promise<ChildChannel> {
  const secret = Buffer.from((await readFile(secretFile, 'utf8')).trim(), 'hex');
  if (secret.length !== 32) throw new Error(`${secretFile} does not hold a channel secret`);
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect(address, () => resolve(s));
    s.once('error', reject);
  });
  socket.on('error', () => undefined);
  const sign = lineSigner(secret, 'to-parent');
  const check = lineChecker(secret, 'to-child');
  const input = new PassThrough();
  socket.on(
    'data',
    lineSplitter(
      (wire) => {
        const line = check(wire);
        if (line === undefined) {
          socket.destroy();
          input.end();
        } else input.write(`${line}\n`);
      },
      {
        maxLength: signedPrefix + jobLineLimit,
        onTooLong: () => {
          socket.destroy();
          input.end();
        },
      },
    ),
  );
  socket.on('close', () => input.end());
  return {
    input,
    send: (line) => void socket.write(sign(line)),
    close: () =>
      new Promise((resolve) => {
        if (socket.destroyed) return resolve();
        socket.once('close', () => resolve());
        socket.end();
      }),
  };
}
