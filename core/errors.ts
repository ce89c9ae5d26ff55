// Turns thrown errors (errno, aborts) into the contract's AppError values.

import { appError, type AppError, type ErrorCode } from '../contract/errors';

export { appError, fail, ok, type AppError, type Result } from '../contract/errors';

const errnoCodes: Record<string, ErrorCode> = {
  ENOSPC: 'E_NO_SPACE',
  ENOENT: 'E_IO',
  EACCES: 'E_IO',
  EPERM: 'E_IO',
  EBUSY: 'E_DRIVE_BUSY',
  ENXIO: 'E_DRIVE_GONE',
  ENODEV: 'E_DRIVE_GONE',
  EROFS: 'E_DRIVE_READ_ONLY',
  EIO: 'E_WRITE',
};

/** An AppError carried through code that can only throw (streams, callbacks). */
export class EngineError extends Error {
  constructor(readonly appError: AppError) {
    super(`${appError.title}: ${appError.detail}`);
  }
}

/** Maps anything thrown to an AppError; `context` says what was being done. */
export function toAppError(thrown: unknown, context: string): AppError {
  if (thrown instanceof EngineError) return thrown.appError;
  if (thrown instanceof Error && thrown.name === 'AbortError') return appError('E_CANCELLED', context);
  const errno = (thrown as NodeJS.ErrnoException | undefined)?.code;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const code: ErrorCode = (errno ? errnoCodes[errno] : undefined) ?? 'E_INTERNAL';
  return appError(code, context, { cause: message });
}
