// What a boot test may boot: an image file with a boot sector, or (from the CLI) a block device.

import { stat } from 'node:fs/promises';
import { appError, fail, ok, type Result } from '../../contract/errors';
import { openInput } from '../boot/input-file';

/**
 * QEMU opens the path itself, as the same user, with snapshot=on; this only decides which kinds of
 * file it is handed. A FIFO would hang the firmware's first read, a character device (/dev/zero,
 * /dev/tty) is no disk, and the app has no reason to boot anything but the image it just wrote.
 */
export async function checkImage(path: string, allowDevices: boolean): Promise<Result<void>> {
  if (allowDevices && (await stat(path).catch(() => undefined))?.isBlockDevice()) return ok(undefined);
  // Opened once and checked as opened (a regular file, O_NONBLOCK), so a swap for a FIFO changes nothing.
  const opened = await openInput(
    path,
    'image',
    Number.MAX_SAFE_INTEGER,
    'E_IO',
    allowDevices
      ? 'Name an image file or a stick (/dev/sdX).'
      : 'Choose the image file that was written; to boot a stick, use `sourcery-flash boot-test /dev/sdX`.',
  );
  if (!opened.ok) return opened;
  const { handle } = opened.value;
  if (allowDevices) {
    await handle.close();
    return ok(undefined);
  }
  const head = Buffer.alloc(512);
  const read = await handle
    .read(head, 0, 512, 0)
    .then((r) => r.bytesRead)
    .catch(() => 0)
    .finally(() => handle.close());
  if (read < 512 || head[510] !== 0x55 || head[511] !== 0xaa)
    return fail(
      appError('E_IO', `${path} is not a disk image: it has no boot sector (55 AA at byte 510).`, {
        hint: 'Choose the image file that was written.',
      }),
    );
  return ok(undefined);
}
