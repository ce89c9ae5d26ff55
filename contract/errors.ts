// The one union of error codes, with the title and advice a user sees for each.

export const errorCatalog = {
  E_BAD_REQUEST: {
    title: 'The request was not understood',
    hint: 'This is a bug in Sourcery Flasher; please report it with the log.',
  },
  E_INTERNAL: {
    title: 'Something went wrong inside Sourcery Flasher',
    hint: 'Please report it with the log.',
  },
  E_CANCELLED: { title: 'Cancelled', hint: 'Nothing was reported as written; start again when ready.' },
  E_NOT_AVAILABLE: { title: 'Not available yet', hint: 'This part of Sourcery Flasher has not landed yet.' },
  E_TREE_INVALID: {
    title: 'The files cannot be put on a FAT32 stick',
    hint: 'Rename, remove or move the files listed, then try again.',
  },
  E_TREE_TOO_LARGE: { title: 'The files do not fit', hint: 'Choose a larger stick or a smaller root.' },
  E_IO: {
    title: 'A file could not be read or written',
    hint: 'Check that the path exists and that you may read it.',
  },
  E_KERNEL_INVALID: {
    title: 'This kernel cannot be used',
    hint: 'Choose a kernel built for the architecture shown.',
  },
  E_KERNEL_ARGS: {
    title: 'These kernel arguments cannot be written to the boot files',
    hint: 'Remove the character named, or write the value another way.',
  },
  E_BOOT_PAYLOAD: {
    title: 'The boot loader files are missing or mixed',
    hint: 'Run the set-up again to prepare the boot files.',
  },
  E_ROOT_INVALID: {
    title: 'This is not a usable sourcery root',
    hint: 'Pick a folder or archive made by Sourcery Flasher or upstream sourcery.',
  },
  E_DOWNLOAD: {
    title: 'The download failed',
    hint: 'Check the address and your connection, then try again; finished parts are kept.',
  },
  E_CHECKSUM: {
    title: 'The download is not what was expected',
    hint: 'Its SHA-256 does not match. Do not use it; check the address and checksum.',
  },
  E_SIGNATURE: {
    title: 'The signature does not check',
    hint: 'Do not use what it signs; check that you have the publisher’s right public key.',
  },
  E_ARCHIVE_UNSAFE: {
    title: 'The archive tries to write outside its folder',
    hint: 'Do not use this archive; get it from a trusted source.',
  },
  E_ARCHIVE_BROKEN: {
    title: 'The archive is damaged or not a tar archive',
    hint: 'Download or copy it again; if it keeps failing, ask whoever published it.',
  },
  E_PATH_REFUSED: {
    title: 'Sourcery Flasher will not use this path',
    hint: 'Choose a new or empty folder, or one Sourcery Flasher made; nothing was changed.',
  },
  E_ROOT_BUILD: {
    title: 'Building the root failed',
    hint: 'The log above shows the step and the tool output; fix the source or pick another version.',
  },
  E_TOOL_MISSING: {
    title: 'A program Sourcery Flasher needs is not installed',
    hint: 'Install it with the command shown, then try again.',
  },
  E_DRIVE_GONE: {
    title: 'The drive is gone',
    hint: 'It was unplugged or changed. Plug it back in and choose it again.',
  },
  E_DRIVE_CHANGED: {
    title: 'The drive changed since you chose it',
    hint: 'Nothing was written. Choose the drive again.',
  },
  E_DRIVE_SYSTEM: {
    title: 'That is a system drive',
    hint: 'Sourcery Flasher never writes the drive your computer runs from.',
  },
  E_DRIVE_TOO_SMALL: { title: 'The drive is too small', hint: 'Use a larger stick.' },
  E_DRIVE_READ_ONLY: { title: 'The drive is read-only', hint: 'Check the lock switch on the stick or card.' },
  E_DRIVE_BUSY: {
    title: 'The drive is in use',
    hint: 'Close programs using it, or unmount it, and try again.',
  },
  E_DRIVE_NOT_STICK: {
    title: 'That drive is not a removable stick',
    hint: 'Choose a USB stick or a memory card; a fixed disk is written only when asked for by name (--fixed-disk).',
  },
  E_DRIVE_UNCONFIRMED: {
    title: 'The drive is unusually large',
    hint: 'Drives over 128 GB are rarely sticks. Confirm the device by name if you really mean it.',
  },
  E_WRITE: { title: 'Writing failed', hint: 'The stick may be worn out or unplugged. Try another stick.' },
  E_VERIFY_MISMATCH: {
    title: 'The stick does not hold what was written',
    hint: 'The stick is faulty or fake. Do not use it.',
  },
  E_NO_SPACE: { title: 'The target ran out of space', hint: 'Free some space or use a larger target.' },
  E_ELEVATION: {
    title: 'Permission to write the drive was not given',
    hint: 'Enter your password when asked, or run as an administrator.',
  },
  E_QEMU: { title: 'The boot test could not run', hint: 'Install QEMU with the command shown.' },
  E_BOOT_FAILED: {
    title: 'The image did not boot as expected',
    hint: 'Read the console output above: it shows how far the boot got. Check the kernel and --boot methods.',
  },
} as const satisfies Record<string, { title: string; hint: string }>;

export type ErrorCode = keyof typeof errorCatalog;

/** An expected failure, as a value that crosses processes. */
export interface AppError {
  code: ErrorCode;
  title: string;
  /** What happened, specifically (paths, sizes, devices). */
  detail: string;
  /** What to do about it. */
  hint: string;
  /** The underlying cause as text (an errno message, a tool's stderr). */
  cause?: string;
}

export function appError(
  code: ErrorCode,
  detail: string,
  extra: { hint?: string; cause?: string } = {},
): AppError {
  const entry = errorCatalog[code];
  const error: AppError = { code, title: entry.title, detail, hint: extra.hint ?? entry.hint };
  if (extra.cause !== undefined) error.cause = extra.cause;
  return error;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: AppError): Result<T> => ({ ok: false, error });
