// Opens a plan's source file the one safe way: never through a final link, and only while it is still
// the file the scan saw (F1). The I/O threads (io-thread.worker.ts) check with the same parts.

import { closeSync, constants, fstatSync, openSync, statSync, type Stats } from 'node:fs';
import { appError, EngineError } from '../errors';
import type { SourceId } from './plan';

/** O_NOFOLLOW where the platform has it (Windows has no such flag, and no links a user can plant). */
export const noFollow = constants.O_NOFOLLOW ?? 0;

/** The identity a plan records for a file, from its stat. */
export const sourceIdFrom = (st: Pick<Stats, 'dev' | 'ino' | 'size' | 'mtimeMs'>): SourceId => ({
  dev: st.dev,
  ino: st.ino,
  size: st.size,
  mtimeMs: st.mtimeMs,
});

/** The identity of the file at `path` now (tests, hand-made plans). */
export const sourceIdOfPath = (path: string): SourceId => sourceIdFrom(statSync(path));

/** What differs between the scanned file and the open one, or undefined when they are the same. */
export function sourceDifference(
  id: SourceId,
  st: Pick<Stats, 'dev' | 'ino' | 'size' | 'mtimeMs'>,
): string | undefined {
  if (st.dev !== id.dev || st.ino !== id.ino) return 'it is another file now';
  if (st.size !== id.size) return `its size changed from ${id.size} to ${st.size} bytes`;
  if (st.mtimeMs !== id.mtimeMs) return 'it was modified';
  return undefined;
}

/** A source that is not the file scanned: swapped, replaced by a link, or changed. */
export const sourceChanged = (path: string, why: string): EngineError =>
  new EngineError(
    appError('E_IO', `${path} changed after it was scanned (${why}), so it was not copied.`, {
      hint: 'Leave the files alone between composing and writing, then compose and write again.',
    }),
  );

/** Opens `path` for reading if it is still the file `id` describes; throws `sourceChanged` if not. */
export function openSource(path: string, id: SourceId): number {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | noFollow);
  } catch (thrown) {
    // A link planted where the file was: O_NOFOLLOW refuses it (ELOOP; EMLINK on FreeBSD).
    const code = (thrown as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') throw sourceChanged(path, 'it is a symbolic link now');
    throw thrown;
  }
  const why = sourceDifference(id, fstatSync(fd));
  if (why === undefined) return fd;
  closeSync(fd);
  throw sourceChanged(path, why);
}
