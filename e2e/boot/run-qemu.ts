// Runs one QEMU boot bounded by `timeout`, and reads the serial log for the test init's marker.

import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export interface BootRun {
  passed: boolean;
  seconds: number;
  /** Why it failed, in a line. */
  reason?: string;
  log: string;
}

export const marker = (arch: string) => `SOURCERY-BOOT-OK arch=${arch}`;

export async function runQemu(
  command: string[],
  log: string,
  arch: string,
  limitSeconds: number,
): Promise<BootRun> {
  const started = process.hrtime.bigint();
  const [program, ...args] = command;
  const child = spawn('timeout', ['-k', '5', String(limitSeconds), program ?? 'false', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const text = await readFile(log, 'utf8').catch(() => '');
  const found = text.includes(marker(arch));
  if (found && code === 0) return { passed: true, seconds, log: text };
  const reason =
    code === 124
      ? `no power-off within ${limitSeconds} s${found ? ' (marker seen)' : ', marker not seen'}`
      : !found
        ? `QEMU exited with ${code} without the marker ${stderr.trim() ? `: ${stderr.trim()}` : ''}`
        : `QEMU exited with ${code}`;
  return { passed: false, seconds, reason, log: text };
}

/**
 * Runs QEMU until `text` appears on the serial console (then stops it), for boots that are meant to
 * end in a message rather than a power-off.
 */
export async function runQemuUntil(
  command: string[],
  log: string,
  text: string,
  limitSeconds: number,
): Promise<BootRun> {
  const started = process.hrtime.bigint();
  const [program, ...args] = command;
  const child = spawn('timeout', ['-k', '5', String(limitSeconds), program ?? 'false', ...args], {
    stdio: 'ignore',
  });
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  let seen = '';
  let done = false;
  void closed.then(() => (done = true));
  while (!done && !seen.includes(text)) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    seen = await readFile(log, 'utf8').catch(() => '');
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  child.kill('SIGTERM'); // timeout passes it on to QEMU
  await closed;
  seen = await readFile(log, 'utf8').catch(() => seen);
  const passed = seen.includes(text);
  return passed
    ? { passed, seconds, log: seen }
    : { passed, seconds, reason: `"${text}" not seen within ${limitSeconds} s`, log: seen };
}
