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

const readLog = (log: string) => readFile(log, 'utf8').catch(() => '');

/** Starts QEMU under `timeout` (TERM, then KILL 5 s later); resolves `exit` with timeout's code. */
function startQemu(command: string[], limitSeconds: number) {
  const started = process.hrtime.bigint();
  const [program, ...args] = command;
  const child = spawn('timeout', ['-k', '5', String(limitSeconds), program ?? 'false', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    exit,
    stderr: () => stderr.trim(),
    seconds: () => Number(process.hrtime.bigint() - started) / 1e9,
  };
}

/** Boots until QEMU exits (the test init powers off) and checks the marker. */
export async function runQemu(
  command: string[],
  log: string,
  arch: string,
  limitSeconds: number,
): Promise<BootRun> {
  const qemu = startQemu(command, limitSeconds);
  const code = await qemu.exit;
  const seconds = qemu.seconds();
  const text = await readLog(log);
  const found = text.includes(marker(arch));
  if (found && code === 0) return { passed: true, seconds, log: text };
  const reason =
    code === 124
      ? `no power-off within ${limitSeconds} s${found ? ' (marker seen)' : ', marker not seen'}`
      : !found
        ? `QEMU exited with ${code} without the marker ${qemu.stderr() ? `: ${qemu.stderr()}` : ''}`
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
  const qemu = startQemu(command, limitSeconds);
  let exited = false;
  void qemu.exit.then(() => (exited = true));
  let seen = '';
  while (!exited && !seen.includes(text)) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    seen = await readLog(log);
  }
  const seconds = qemu.seconds();
  qemu.child.kill('SIGTERM'); // timeout passes it on to QEMU
  await qemu.exit;
  seen = await readLog(log);
  if (seen.includes(text)) return { passed: true, seconds, log: seen };
  return { passed: false, seconds, reason: `"${text}" not seen within ${limitSeconds} s`, log: seen };
}
