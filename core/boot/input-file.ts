// Opens a boot input a caller named (kernel, package, stub, config, module): a regular file within a cap.

import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { appError, fail, ok, type ErrorCode, type Result } from '../../contract';
import { formatMib } from './limits';

export interface InputFile {
  handle: FileHandle;
  size: number;
}

const kindOf = (s: Stats): string =>
  s.isDirectory()
    ? 'a folder'
    : s.isFIFO()
      ? 'a FIFO'
      : s.isSocket()
        ? 'a socket'
        : s.isCharacterDevice()
          ? 'a character device'
          : s.isBlockDevice()
            ? 'a block device'
            : 'not a regular file';

const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/**
 * Opens `path` read-only and checks what was opened (so a swap after a check changes nothing):
 * O_NONBLOCK keeps a FIFO from blocking the open, and only regular files of at most `maxBytes` pass.
 * `what` names the file in messages ("kernel", "package"); `tooLarge` is the code for an oversized one;
 * `notFileHint` replaces the hint for what is not a regular file.
 */
export async function openInput(
  path: string,
  what: string,
  maxBytes: number,
  tooLarge: ErrorCode = 'E_KERNEL_INVALID',
  notFileHint = `Name the ${what} file itself.`,
): Promise<Result<InputFile>> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return fail(appError('E_IO', `Cannot read the ${what} ${path}.`, { cause: (e as Error).message }));
  }
  const info = await handle.stat();
  if (!info.isFile() || info.size > maxBytes) {
    await handle.close();
    return info.isFile()
      ? fail(
          appError(
            tooLarge,
            `${path} is ${formatMib(info.size)}, more than any ${what} (at most ${formatMib(maxBytes)}).`,
            {
              hint: `Check that this is the ${what} you meant.`,
            },
          ),
        )
      : fail(
          appError('E_IO', `${path} is ${kindOf(info)}, not ${article(what)} ${what} file.`, {
            hint: notFileHint,
          }),
        );
  }
  return ok({ handle, size: info.size });
}

/** The whole file, through openInput's checks. */
export async function readInput(
  path: string,
  what: string,
  maxBytes: number,
  tooLarge?: ErrorCode,
): Promise<Result<Uint8Array>> {
  const opened = await openInput(path, what, maxBytes, tooLarge);
  if (!opened.ok) return opened;
  try {
    // Read at most the cap even if the file grew since the stat.
    const data = Buffer.alloc(opened.value.size);
    let done = 0;
    while (done < data.length) {
      const { bytesRead } = await opened.value.handle.read(data, done, data.length - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return ok(new Uint8Array(data.buffer, data.byteOffset, done));
  } catch (e) {
    return fail(appError('E_IO', `Cannot read the ${what} ${path}.`, { cause: (e as Error).message }));
  } finally {
    await opened.value.handle.close();
  }
}
