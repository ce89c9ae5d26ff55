// What a boot test may boot: an image file with a boot sector, or (from the CLI) a block device.

import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { appError, fail, ok, type Result } from '../../contract/errors';

const kindOf = (s: Awaited<ReturnType<typeof stat>>): string =>
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

/**
 * QEMU opens the path itself, as the same user, with snapshot=on; this only decides which kinds of
 * file it is handed. A FIFO would hang the firmware's first read, a character device (/dev/zero,
 * /dev/tty) is no disk, and the app has no reason to boot anything but the image it just wrote.
 */
export async function checkImage(path: string, allowDevices: boolean): Promise<Result<void>> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return fail(appError('E_IO', `${path} does not exist or cannot be read.`));
  if (info.isBlockDevice() && allowDevices) return ok(undefined);
  if (!info.isFile())
    return fail(
      appError(
        'E_IO',
        `${path} is ${kindOf(info)}, not ${allowDevices ? 'an image or a stick' : 'an image file'}.`,
        {
          hint: allowDevices
            ? 'Name an image file or a stick (/dev/sdX).'
            : 'Choose the image file that was written; to boot a stick, use `sourcery-flash boot-test /dev/sdX`.',
        },
      ),
    );
  if (allowDevices) return ok(undefined);
  // O_NONBLOCK: if the file was swapped for a FIFO since the stat, the open does not wait for a writer.
  const head = Buffer.alloc(512);
  const read = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
    .then(async (handle) => {
      try {
        return (await handle.stat()).isFile() ? (await handle.read(head, 0, 512, 0)).bytesRead : 0;
      } finally {
        await handle.close();
      }
    })
    .catch(() => 0);
  if (read < 512 || head[510] !== 0x55 || head[511] !== 0xaa)
    return fail(
      appError('E_IO', `${path} is not a disk image: it has no boot sector (55 AA at byte 510).`, {
        hint: 'Choose the image file that was written.',
      }),
    );
  return ok(undefined);
}
