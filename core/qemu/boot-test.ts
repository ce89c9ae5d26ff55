// Boots an image in QEMU (never changing it), streams the serial console, and watches for a line.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GoArch } from '../../contract/dto';
import { appError, fail, ok, type Result } from '../../contract/errors';
import { ConsoleLines } from './console-lines';
import { checkImage } from './check-image';
import { findQemu } from './find-qemu';
import { commonArgs, defaultFirmware, machineFor, type Firmware } from './machines';

export interface BootTestRequest {
  image: string;
  arch: GoArch;
  firmware?: Firmware;
  /** Default 120 s: a stick booting without KVM takes 6-15 s, under load much more. */
  timeoutSeconds?: number;
  /** Default: the sourcery root's init banner for the architecture. */
  expect?: RegExp;
  /**
   * Keep watching after the match until the machine powers off by itself (or the time limit), for a
   * root told to run a command and shut down; `poweredOff` then says whether it did.
   */
  untilPowerOff?: boolean;
  /**
   * Also boot a block device (a stick). The CLI allows it, for the user's own shell; the app (an
   * untrusted renderer) boots only an image file that starts with a boot sector (55 AA).
   */
  allowDevices?: boolean;
}

export interface BootTestIo {
  signal?: AbortSignal;
  /** Raw console output, as QEMU gives it (for a terminal). */
  onOutput?: (text: string) => void;
  /** Cleaned console lines (for logs and the app). */
  onLine?: (line: string) => void;
  /** Where to look for QEMU; default $PATH. */
  searchPath?: string;
}

export interface BootTestResult {
  seconds: number;
  /** The console line that matched. */
  matched: string;
  /** The QEMU command line, for the user to run it by hand. */
  command: string[];
  /** Every console line, cleaned (the last 10,000). */
  lines: string[];
  /** With `untilPowerOff`: the machine shut down by itself (QEMU ended with status 0). */
  poweredOff?: boolean;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const initBanner = (arch: GoArch): RegExp =>
  new RegExp(escapeRegExp(`sourcery: init for linux_${arch}`));

export async function bootTest(
  request: BootTestRequest,
  io: BootTestIo = {},
): Promise<Result<BootTestResult>> {
  const firmware = request.firmware ?? defaultFirmware[request.arch];
  const machine = machineFor(request.arch, firmware);
  if (!machine)
    return fail(
      appError('E_QEMU', `Booting ${request.arch} with ${firmware} firmware is not supported here.`, {
        hint: `Use --firmware ${defaultFirmware[request.arch]} for ${request.arch}.`,
      }),
    );
  const image = await checkImage(request.image, request.allowDevices ?? false);
  if (!image.ok) return image;
  const program = await findQemu(machine, io.searchPath);
  if (!program.ok) return program;

  const scratch = await mkdtemp(join(tmpdir(), 'sourcery-qemu-'));
  try {
    const command = [program.value, ...commonArgs, ...(await machine.args(request.image, scratch))];
    return await watchConsole(command, request, io);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function watchConsole(
  command: string[],
  request: BootTestRequest,
  io: BootTestIo,
): Promise<Result<BootTestResult>> {
  const expect = request.expect ?? initBanner(request.arch);
  const limit = request.timeoutSeconds ?? 120;
  const started = Date.now();
  const [file = '', ...args] = command;
  // stdin stays open and silent: QEMU's stdio serial would otherwise see end-of-file.
  const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let matched: string | undefined;
  let stderr = '';
  let stopReason: string | undefined;
  const stop = (reason: string): void => {
    stopReason ??= reason;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  };
  const check = (line: string): void => {
    if (matched === undefined && expect.test(line)) {
      matched = line;
      if (!request.untilPowerOff) stop('matched');
    }
  };
  const seen: string[] = [];
  const lines = new ConsoleLines((line) => {
    io.onLine?.(line);
    if (seen.push(line) > 10_000) seen.shift();
    check(line);
  });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    io.onOutput?.(text);
    lines.push(text);
    check(lines.pending); // a banner without its newline yet
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const timer = setTimeout(() => stop('timeout'), limit * 1000);
  const onAbort = (): void => stop('cancelled');
  io.signal?.addEventListener('abort', onAbort, { once: true });
  if (io.signal?.aborted) onAbort();

  return new Promise((resolve) => {
    const finish = (code: number | null): void => {
      clearTimeout(timer);
      io.signal?.removeEventListener('abort', onAbort);
      lines.flush();
      const seconds = (Date.now() - started) / 1000;
      if (matched !== undefined) {
        const result: BootTestResult = { seconds, matched, command, lines: seen };
        if (request.untilPowerOff) result.poweredOff = stopReason === undefined && code === 0;
        return resolve(ok(result));
      }
      if (stopReason === 'cancelled')
        return resolve(fail(appError('E_CANCELLED', 'The boot test was stopped.')));
      const detail =
        stopReason === 'timeout'
          ? `No console line matched /${expect.source}/ within ${limit} s.`
          : `QEMU stopped (exit ${code}) before a console line matched /${expect.source}/.`;
      // QEMU run by a user cannot open a stick's device node: say so rather than "did not boot".
      const denied = /Permission denied/.test(stderr);
      resolve(
        fail(
          appError(
            denied ? 'E_QEMU' : 'E_BOOT_FAILED',
            denied ? `QEMU may not read ${request.image}.` : detail,
            {
              ...(denied
                ? { hint: 'Boot an image file instead, or run the boot test as root to read a device.' }
                : {}),
              ...(stderr.trim() ? { cause: stderr.trim() } : {}),
            },
          ),
        ),
      );
    };
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve(fail(appError('E_QEMU', `${file} could not be started.`, { cause: error.message })));
    });
    child.on('close', finish);
  });
}
