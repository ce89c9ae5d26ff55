// `sourcery-flash compose`: a plain FAT32 stick image from a folder, without mounting anything.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bootArgOptions, bootHelp, bootRequestFromArgs, bootSummary } from '../boot-options';
import { partUuid, planBytes } from '../../core/io/plan';
import type { StreamProgress } from '../../core/io/stream';
import { createIoThreads } from '../../core/io/io-threads';
import { composeStick } from '../../core/stick/compose-stick';
import { formatSize } from '../../contract/units';
import { writeJsonLine } from '../json-lines';
import { sizeFlag } from '../size-flag';
import type { Command, CommandIo } from '../command';
import { exitCodeFor, exitCodes, printError, UsageError } from '../command';

export const composeCommand: Command = {
  name: 'compose',
  help: `Usage: sourcery-flash compose --tree DIR --out IMAGE [--size SIZE] [--label NAME] [--follow-symlinks]
       [--kernel ARCH=FILE ...] [--boot bios,uefi,uboot] [--append ARGS]

Builds the exact bytes of a stick in userspace: an MBR with one bootable FAT32 partition at
1 MiB holding the folder's contents. No mount, no root rights, no mtools. The image is sparse:
only the bytes the file system uses take disk space.

Options:
  --tree DIR          folder whose contents become the stick's root "/"
  --out IMAGE         image file to create (replaced if it exists)
  --size SIZE         size of the whole stick: bytes, or with K, M, G or T (binary: 2G = 2 GiB).
                      Default: the smallest size that holds the folder, plus 10% (at least 16 MiB)
  --label NAME        volume label, up to 11 characters (default SOURCERY)
  --json              one JSON line with the result (image, sizes, PARTUUID, boot files)
  --follow-symlinks   copy what links point to, when they stay inside the folder
                      (default: links are reported as problems; FAT32 has no links)

Every problem in the folder (names that differ only in case, names FAT32 cannot hold, links,
files of 4 GiB or more, unreadable files) is listed at once, and nothing is written (exit 3).

${bootHelp}

Examples:
  sourcery-flash compose --tree ./root --out stick.img
  sourcery-flash compose --tree /usr/share/go-1.19 --out go.img --size 2G
  sourcery-flash compose --tree ./root --kernel amd64=linux-image-6.1.0-50-amd64-unsigned_6.1.176-1_amd64.deb \\
      --kernel arm64=Image --boot bios,uefi,uboot --out stick.img`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        tree: { type: 'string' },
        out: { type: 'string' },
        size: { type: 'string' },
        label: { type: 'string' },
        'follow-symlinks': { type: 'boolean' },
        json: { type: 'boolean' },
        ...bootArgOptions,
      },
    });
    if (!values.tree) throw new UsageError('--tree DIR is required');
    if (!values.out) throw new UsageError('--out IMAGE is required');
    const size = sizeFlag('size', values.size);
    const out = resolve(values.out);
    if (isDevice(out))
      throw new UsageError(
        `${out} is a device; compose writes image files only: give --out an image path (stick.img), or use sourcery-flash flash for drives`,
      );
    const bootArgs = bootRequestFromArgs(values, (path) => resolve(path));
    if (bootArgs.usage) throw new UsageError(bootArgs.usage);

    let shown = -1;
    const onProgress = ({ bytesWritten, totalBytes }: StreamProgress) => {
      const percent = Math.floor((100 * bytesWritten) / totalBytes);
      if (!io.interactive || percent === shown) return;
      shown = percent;
      io.stdout.write(`\rwriting ${out}: ${percent}%`);
    };
    const threads = createIoThreads(); // this command's file-reading threads, closed when it is done
    const written = await composeStick({
      tree: resolve(values.tree),
      size: size ?? 'smallest',
      ...(bootArgs.request ? { boot: bootArgs.request } : {}),
      followSymlinks: values['follow-symlinks'] ?? false,
      ...(values.label !== undefined ? { volumeLabel: values.label } : {}),
      signal: io.signal,
      out: { file: out, threads, onProgress },
    }).finally(() => threads.close());
    if (io.interactive && shown >= 0) io.stdout.write('\n');
    if (!written.ok) return failed(io, written.error);
    const { plan, clusterSize } = written.value.composition;
    const bootPlan = written.value.boot;
    if (values.json) {
      writeJsonLine(io.stdout, 'result', {
        image: out,
        size: plan.size,
        clusterSize,
        bytesWritten: planBytes(plan),
        partUuid: partUuid(plan),
        boot: bootPlan ? { methods: bootPlan.methods, artifacts: bootPlan.artifacts } : null,
      });
      return exitCodes.ok;
    }
    io.stdout.write(
      `${out}: ${formatSize(plan.size)} stick, FAT32 with ${formatSize(clusterSize)} clusters, ` +
        `${formatSize(planBytes(plan))} written${size === undefined ? ' (size: smallest that fits + margin)' : ''}\n` +
        `root=PARTUUID=${partUuid(plan)}\n`,
    );
    if (bootPlan) io.stdout.write(bootSummary(bootPlan));
    return exitCodes.ok;
  },
};

function isDevice(path: string): boolean {
  try {
    const st = statSync(path);
    return st.isBlockDevice() || st.isCharacterDevice();
  } catch {
    return false;
  }
}

function failed(io: CommandIo, error: Parameters<typeof printError>[1]): number {
  printError(io, error);
  return exitCodeFor(error);
}
