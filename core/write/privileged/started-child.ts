// The privileged writer as two byte streams and an exit: over pipes, or over FIFOs where the OS's
// elevation tool (macOS osascript) cannot hand our pipes through.

import { spawn } from 'node:child_process';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { execa } from 'execa';
import type { WriterLaunch } from './writer-launch';

export interface StartedChild {
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  /** Settles when the process has exited and its output ended. */
  closed: Promise<{ code: number | null; error?: Error }>;
}

/** Settles with the exit code once the process is gone (or with the error that kept it from starting). */
export function exitOf(child: ReturnType<typeof spawn>): Promise<{ code: number | null; error?: Error }> {
  return new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: null, error }));
    child.on('close', (code) => resolve({ code }));
  });
}

/** Spawns a launch (writer-launch.ts) with its stdin/stdout/stderr as pipes: its environment, nothing of ours. */
export function startPiped({ file, args, env, cwd }: WriterLaunch): StartedChild {
  const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env, cwd });
  return { stdin: child.stdin, stdout: child.stdout, stderr: child.stderr, closed: exitOf(child) };
}

const shellQuote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * Runs `argv` (which empties the environment itself: `env -i`, writer-launch.ts) from `/` through a
 * shell command that `wrap` turns into a program to spawn (osascript's `do shell script ... with
 * administrator privileges`), with its stdin and stdout redirected to two FIFOs in a folder only we
 * can enter. Still pipes, never a port.
 */
export async function startThroughFifos(
  wrap: (shellCommand: string) => { file: string; args: string[] },
  argv: string[],
): Promise<StartedChild> {
  const dir = await mkdtemp(join(tmpdir(), 'sourcery-writer-')); // mode 0700
  const [input, output] = [join(dir, 'in'), join(dir, 'out')];
  await execa('mkfifo', ['-m', '600', input, output]);
  const command = `cd / && exec ${argv.map(shellQuote).join(' ')} <${shellQuote(input)} >${shellQuote(output)}`;
  const { file, args } = wrap(command);
  const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  // Opening a FIFO waits for the other end; these opens finish when the elevated writer starts.
  const stdin = createWriteStream(input);
  const stdout = createReadStream(output);
  const exited = exitOf(child);
  const ended = new Promise<void>((resolve) => {
    stdout.on('close', resolve);
    stdout.on('error', () => resolve());
  });
  stdin.on('error', () => undefined);
  void exited.then(async () => {
    // The writer never ran (prompt cancelled): open the far ends ourselves so our opens return.
    const far = await Promise.all([
      open(input, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined),
      open(output, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined),
    ]);
    await Promise.all(far.map((h) => h?.close()));
  });
  const closed = Promise.all([exited, ended]).then(async ([exit]) => {
    stdin.destroy();
    await rm(dir, { recursive: true, force: true });
    return exit;
  });
  return { stdin, stdout, stderr: child.stderr, closed };
}

/** AppleScript string literal for a shell command. */
export const appleScriptString = (text: string): string =>
  `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** macOS: the system's administrator prompt runs the writer (`do shell script`). */
export const osascriptWrap = (command: string): { file: string; args: string[] } => ({
  file: 'osascript',
  args: ['-e', `do shell script ${appleScriptString(command)} with administrator privileges`],
});
