// Reads a kernel package's boot/ files (the kernel's head and size, its config) and stops there:
// dpkg-deb lists boot/ first, so the rest of the data.tar (the modules) is never decompressed.

import { normalize } from 'node:path';
import { extract } from 'tar-stream';
import { ok, type Result } from '../../../contract';
import { openInput } from '../input-file';
import { debLimits, inputLimits } from '../limits';
import { listAr } from './ar';
import { openData, readableMember } from './deb-data';

export interface DebBoot {
  /** boot/vmlinuz-* or boot/vmlinux-*: its name, first 64 KiB and size. */
  kernel?: { name: string; head: Uint8Array; size: number };
  /** The text of boot/config-*, when the package has one. */
  config?: string;
}

const headBytes = 64 * 1024;

/** The first `limit` bytes of an entry; the rest is drained, never kept. */
async function readUpTo(entry: AsyncIterable<unknown>, limit: number): Promise<Buffer> {
  const kept: Buffer[] = [];
  let size = 0;
  for await (const piece of entry) {
    const chunk = piece as Buffer;
    if (size < limit) kept.push(chunk.subarray(0, limit - size));
    size += chunk.length;
  }
  return Buffer.concat(kept);
}

/**
 * The boot files of the .deb at `path`, or an empty answer when it is not a package this can read
 * this way (no data.tar, an unknown compression, boot/ not first, damaged): callers then unpack it
 * whole (unpackDeb), which names the fault. Never throws for the file's content.
 */
export async function readDebBoot(path: string): Promise<Result<DebBoot>> {
  const opened = await openInput(path, 'package', debLimits.packageBytes);
  if (!opened.ok) return opened;
  const file = opened.value.handle;
  const found: DebBoot = {};
  try {
    const members = await listAr(file);
    const data = typeof members === 'string' ? undefined : members.find((m) => m.name.startsWith('data.tar'));
    if (!data || !readableMember(data.name)) return ok({});
    const source = openData(file, data);
    const extractor = extract();
    source.stream.on('error', (error) => extractor.destroy(error));
    source.stream.pipe(extractor);
    let entries = 0;
    try {
      for await (const entry of extractor) {
        const name = normalize(entry.header.name).replace(/^\.?\//, '');
        // Folders and the package root come first; the first file outside boot/ ends the search,
        // and so does a package that lists hundreds of entries before it.
        if (++entries > 256) {
          entry.resume();
          break;
        } else if (entry.header.type === 'directory' || name === '.' || name === 'boot') {
          entry.resume();
        } else if (!name.startsWith('boot/')) {
          entry.resume();
          break;
        } else if (entry.header.type !== 'file') {
          entry.resume();
        } else if ((entry.header.size ?? 0) > inputLimits.kernelBytes) {
          // Larger than any kernel: not drained here; the whole unpacking's limits judge it.
          entry.resume();
          return ok({});
        } else if (/^boot\/vmlinu[xz]-[^/]+$/.test(name) && !found.kernel) {
          const size = entry.header.size ?? 0;
          found.kernel = { name: name.slice(5), head: await readUpTo(entry, headBytes), size };
        } else if (/^boot\/config-[^/]+$/.test(name) && found.config === undefined) {
          found.config = (await readUpTo(entry, inputLimits.textBytes)).toString('utf8');
        } else {
          entry.resume();
        }
      }
    } catch {
      return ok({}); // damaged: the whole unpacking names what is wrong
    } finally {
      source.stop();
      await source.done;
    }
    return ok(found);
  } finally {
    await file.close();
  }
}
