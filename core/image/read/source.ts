// Random-access reads from a stick or an image file, read-only: the one way the reader touches a disk.

import { open, type FileHandle } from 'node:fs/promises';
import { appError, fail, ok, type Result } from '../../../contract/errors';

export interface ByteSource {
  path: string;
  /** Reads exactly `length` bytes at `offset`; short reads past the end come back as zeros. */
  read(offset: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

class FileSource implements ByteSource {
  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  async read(offset: number, length: number): Promise<Buffer> {
    const buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(buffer, done, length - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return buffer;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** Opens `path` with O_RDONLY only: verifying must never be able to write. */
export async function openSource(path: string): Promise<Result<ByteSource>> {
  try {
    return ok(new FileSource(path, await open(path, 'r')));
  } catch (thrown) {
    const error = thrown as NodeJS.ErrnoException;
    const hint =
      error.code === 'EACCES' ? 'Run it as root (sudo) to read a device.' : 'Check the device or image path.';
    return fail(appError('E_IO', `${path} cannot be opened for reading.`, { hint, cause: error.message }));
  }
}
