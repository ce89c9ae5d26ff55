// Decompresses a kernel module (.ko.xz, .ko.zst, .ko.gz) within a cap (core/io/decompressor.ts, zlib).

import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { appError, fail, ok, type Result } from '../../../contract';
import { spawnDecompressor } from '../../io/decompressor';
import { readInput } from '../input-file';
import { formatMib, inputLimits } from '../limits';

/** What `tool` makes of `data`, at most `limit` bytes of it, or why not. */
async function run(
  compression: 'xz' | 'zstd',
  data: Uint8Array,
  limit: number,
): Promise<Uint8Array | string> {
  const decompressor = spawnDecompressor(compression, Readable.from([data]));
  const out: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of decompressor.stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        decompressor.stop();
        return `it decompresses to more than ${formatMib(limit)}`;
      }
      out.push(chunk);
    }
  } catch (thrown) {
    decompressor.stop();
    return (await decompressor.done)?.message ?? (thrown as Error).message;
  }
  const failure = await decompressor.done;
  return failure ? failure.message : new Uint8Array(Buffer.concat(out));
}

/** The module's ELF bytes, whatever compression its file name says it has. */
export async function readModule(path: string, limit = inputLimits.moduleBytes): Promise<Result<Uint8Array>> {
  const read = await readInput(path, 'kernel module', limit);
  if (!read.ok) return read;
  let data: Uint8Array | string;
  if (path.endsWith('.xz')) data = await run('xz', read.value, limit);
  else if (path.endsWith('.zst')) data = await run('zstd', read.value, limit);
  else if (!path.endsWith('.gz')) data = read.value;
  else {
    try {
      data = new Uint8Array(gunzipSync(read.value, { maxOutputLength: limit }));
    } catch (e) {
      data = (e as Error).message;
    }
  }
  if (typeof data !== 'string') return ok(data);
  return fail(
    appError('E_KERNEL_INVALID', `The kernel module ${path} cannot be read: ${data}.`, {
      hint: 'Supply the linux-image .deb again (it may be damaged), or a kernel with VFAT built in (CONFIG_VFAT_FS=y).',
    }),
  );
}
