// Opens a target (block device or image file) for direct I/O, falling back to buffered I/O.

import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { appError } from '../../contract/errors';
import { isOurImage, noFollow } from '../drives/image-file';
import { EngineError } from '../errors';
import { classifyTarget, platformIo } from './platform-io';

export interface TargetFile {
  path: string;
  isDevice: boolean;
  /** True while writes and reads bypass the page cache. */
  direct: boolean;
  /** Writes all of `data` at `position`; a short write that makes no progress is ENOSPC. */
  write(data: Uint8Array, position: number): Promise<void>;
  /** Reads exactly `into.length` bytes at `position` (zeros past the end of an image file). */
  read(into: Uint8Array, position: number): Promise<void>;
  /**
   * Runs `call` with the file's descriptor (for a read on an I/O thread), with the same fallback to
   * buffered I/O as `read` when the file system refuses a direct request.
   */
  withDescriptor<T>(call: (fd: number) => Promise<T>): Promise<T>;
  /**
   * Pushes written data to the device (fdatasync), so the stick's own cache is emptied before we say
   * "done". Image files skip it, like cp and dd: with direct I/O their data is already on disk, and
   * syncing the file's block map cost a quarter of the write time in `npm run bench write`.
   */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  mode: 'write' | 'verify';
  /**
   * For image files opened to write: a new file is created, or an image Sourcery Flasher made is
   * emptied, then sized to this. Without it an image file must exist (zeroing a head, say).
   */
  size?: number;
  /** Try O_DIRECT (default true); tests and odd file systems can turn it off. */
  direct?: boolean;
}

const { O_RDONLY, O_RDWR, O_CREAT, O_EXCL } = constants;

interface ImageOpen {
  /** Create it when missing, else it must be an image Sourcery Flasher made (the job's first open). */
  create: boolean;
  /** Reopening: it must still be this very file. */
  sameAs?: { dev: number; ino: number };
}

/**
 * Opens an image file without following a link: a new one is created (O_EXCL, so nothing slips in
 * between), an existing one must be an image Sourcery Flasher made, checked on the very file that
 * is then opened for I/O (same device and inode), so no swap between check and open can redirect it.
 */
async function openImageFile(path: string, flags: number, how: ImageOpen): Promise<FileHandle> {
  let probe: FileHandle;
  let made = false;
  try {
    probe = await open(path, O_RDONLY | noFollow);
  } catch (thrown) {
    if (!how.create || (thrown as NodeJS.ErrnoException).code !== 'ENOENT') throw thrown;
    probe = await open(path, O_RDWR | O_CREAT | O_EXCL | noFollow, 0o644);
    made = true;
  }
  try {
    const seen = await probe.stat();
    if (!seen.isFile())
      throw new EngineError(appError('E_IO', `${path} is not a regular file; nothing was written.`));
    if (how.sameAs && (how.sameAs.dev !== seen.dev || how.sameAs.ino !== seen.ino))
      throw new EngineError(appError('E_IO', `${path} was replaced while it was being written.`));
    if (how.create && !made && !(await isOurImage(probe)))
      throw new EngineError(
        appError('E_IO', `${path} is not an image Sourcery Flasher made; it was left alone.`, {
          hint: `Choose a new file name, or delete ${path} first if you no longer need it.`,
        }),
      );
    const handle = await open(path, (flags & ~O_CREAT) | noFollow);
    const now = await handle.stat();
    if (now.dev !== seen.dev || now.ino !== seen.ino) {
      await handle.close();
      throw new EngineError(
        appError('E_IO', `${path} was replaced while it was being opened; nothing was written.`),
      );
    }
    return handle;
  } finally {
    await probe.close();
  }
}

/**
 * Opens `path`; devices are opened exclusively, so a mounted one fails with EBUSY. The flags and
 * the device node come from `platformIo` (raw `/dev/rdiskN` on macOS, unbuffered handles on Windows).
 */
export async function openTarget(path: string, options: OpenOptions): Promise<TargetFile> {
  const platform = platformIo();
  const isDevice = (await classifyTarget(path)).kind === 'device';
  const ioPath = platform.ioPath(path);
  const base = options.mode === 'verify' ? O_RDONLY : isDevice ? O_RDWR | platform.exclusive : O_RDWR;
  const create = options.mode === 'write' && options.size !== undefined;
  let identity: { dev: number; ino: number } | undefined;
  const openAs = async (flags: number): Promise<FileHandle> => {
    if (isDevice) return open(ioPath, flags);
    const opened = await openImageFile(
      ioPath,
      flags,
      identity ? { create: false, sameAs: identity } : { create },
    );
    identity ??= await opened.stat();
    return opened;
  };
  let direct = (options.direct ?? true) && platform.direct !== 0;
  let handle: FileHandle;
  try {
    handle = await openAs(base | (direct ? platform.direct : 0));
  } catch (thrown) {
    // A file system that refuses O_DIRECT says EINVAL at open; buffered I/O is still correct.
    if (!direct || (thrown as NodeJS.ErrnoException).code !== 'EINVAL') throw thrown;
    direct = false;
    handle = await openAs(base);
  }
  if (!isDevice && create) {
    // Emptying first makes every byte the plan does not cover read as zero, like a fresh image.
    await handle.truncate(0);
    await handle.truncate(options.size);
  }

  const reopenBuffered = async (): Promise<void> => {
    await handle.close();
    handle = await openAs(base);
    direct = false;
  };
  // Some file systems accept O_DIRECT at open and refuse it per request; fall back once, then stay.
  const io = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (thrown) {
      if (!direct || (thrown as NodeJS.ErrnoException).code !== 'EINVAL' || isDevice) throw thrown;
      await reopenBuffered();
      return await call();
    }
  };

  return {
    path,
    isDevice,
    get direct() {
      return direct;
    },
    write: (data, position) =>
      io(async () => {
        let done = 0;
        while (done < data.length) {
          const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
          if (bytesWritten === 0)
            throw Object.assign(new Error(`no room at byte ${position + done}`), { code: 'ENOSPC' });
          done += bytesWritten;
        }
      }),
    read: (into, position) =>
      io(async () => {
        let done = 0;
        while (done < into.length) {
          const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
          if (bytesRead === 0) {
            // A device does not end early unless it shrank or was detached; a sparse image file may.
            if (isDevice)
              throw Object.assign(
                new Error(`${path} ends at byte ${position + done}: it shrank or was removed`),
                {
                  code: 'ENXIO',
                },
              );
            into.fill(0, done);
            return;
          }
          done += bytesRead;
        }
      }),
    withDescriptor: (call) => io(() => call(handle.fd)),
    flush: () => (isDevice ? handle.datasync() : Promise.resolve()),
    close: () => handle.close(),
  };
}
