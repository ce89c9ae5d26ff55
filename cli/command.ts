// The shape of a CLI command, and the exit codes every command shares.

import type { AppError, ErrorCode } from '../contract';

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** True when stdout is a terminal (progress bars) rather than a pipe (plain lines). */
  interactive: boolean;
  signal: AbortSignal;
}

export interface Command {
  name: string;
  /** Full help: usage, options, examples. */
  help: string;
  run(args: string[], io: CommandIo): Promise<number>;
}

/** Exit codes, one per failure class; documented in docs/CLI.md. */
export const exitCodes = {
  ok: 0,
  internal: 1,
  usage: 2,
  input: 3,
  drive: 4,
  write: 5,
  verify: 6,
  /** boot-test: the image booted, but the expected console line never came. */
  boot: 7,
  /** boot-test: QEMU or its firmware is missing or would not start. */
  emulator: 8,
  cancelled: 130,
} as const;

const classOf: Partial<Record<ErrorCode, keyof typeof exitCodes>> = {
  E_BAD_REQUEST: 'usage',
  E_CANCELLED: 'cancelled',
  E_TREE_INVALID: 'input',
  E_TREE_TOO_LARGE: 'input',
  E_IO: 'input',
  E_KERNEL_INVALID: 'input',
  E_KERNEL_ARGS: 'input',
  E_BOOT_PAYLOAD: 'input',
  E_ROOT_INVALID: 'input',
  E_DOWNLOAD: 'input',
  E_CHECKSUM: 'input',
  E_SIGNATURE: 'input',
  E_ARCHIVE_UNSAFE: 'input',
  E_ARCHIVE_BROKEN: 'input',
  E_ROOT_BUILD: 'input',
  E_PATH_REFUSED: 'usage',
  E_TOOL_MISSING: 'input',
  E_DRIVE_GONE: 'drive',
  E_DRIVE_CHANGED: 'drive',
  E_DRIVE_SYSTEM: 'drive',
  E_DRIVE_TOO_SMALL: 'drive',
  E_DRIVE_READ_ONLY: 'drive',
  E_DRIVE_BUSY: 'drive',
  E_DRIVE_UNCONFIRMED: 'drive',
  E_DRIVE_NOT_STICK: 'drive',
  E_ELEVATION: 'drive',
  E_WRITE: 'write',
  E_NO_SPACE: 'write',
  E_VERIFY_MISMATCH: 'verify',
  E_BOOT_FAILED: 'boot',
  E_QEMU: 'emulator',
};

export const exitCodeFor = (error: AppError): number => exitCodes[classOf[error.code] ?? 'internal'];

/** Prints an AppError the way every command does: title, detail, what to do. */
export function printError(io: CommandIo, error: AppError): void {
  io.stderr.write(
    `error: ${error.title}\n  ${error.detail.split('\n').join('\n  ')}\n  what to do: ${error.hint}\n`,
  );
  if (error.cause) io.stderr.write(`  cause: ${error.cause}\n`);
}

export class UsageError extends Error {}
