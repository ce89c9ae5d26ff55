// `sourcery-flash compose`: a plain FAT32 stick image from a folder, without mounting anything.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bootArgOptions, bootHelp, bootRequestFromArgs, bootSummary } from '../../core/boot/boot-flags';
import { prepareBoot } from '../../core/boot/prepare';
import { composePrepared, minimumSize, prepareTree, type Composition } from '../../core/image/compose';
import { composeToFile, type ComposeToFileOptions } from '../../core/image/compose-to-file';
import { startIoThreads } from '../../core/image/io-threads';
import { partUuid, planBytes } from '../../core/image/plan';
import { writePlanToFile, type StreamProgress } from '../../core/image/stream';
import { formatSize } from '../../contract/units';
import { ok, type Result } from '../../core/errors';
import { writeJsonLine } from '../json-lines';
import { sizeFlag } from '../size-flag';
import type { Command, CommandIo } from '../command';
import { exitCodeFor, exitCodes, printError, UsageError } from '../command';

const mib = 1024 * 1024;

/** Room left on a default-sized image: 10% of the smallest size, at least 16 MiB. */
const withMargin = (smallest: number): number =>
  Math.ceil((smallest + Math.max(16 * mib, smallest * 0.1)) / mib) * mib;

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
    // Boot files are checked and built before anything is written (core/boot).
    const bootArgs = bootRequestFromArgs(values, (path) => resolve(path));
    if (bootArgs.usage) throw new UsageError(bootArgs.usage);
    const boot = bootArgs.request ? await prepareBoot(bootArgs.request) : undefined;
    if (boot && !boot.ok) return failed(io, boot.error);
    const bootPlan = boot?.ok ? boot.value : undefined;

    startIoThreads(); // the threads that stream the image start while the tree is scanned
    let shown = -1;
    const options = {
      tree: resolve(values.tree),
      followSymlinks: values['follow-symlinks'] ?? false,
      extraFiles: bootPlan?.extraFiles,
      signal: io.signal,
      volumeLabel: values.label,
      diskSignature: bootPlan?.diskSignature,
      onComposed: (composition: Composition) => bootPlan?.install(composition),
      onProgress: ({ bytesWritten, totalBytes }: StreamProgress) => {
        const percent = Math.floor((100 * bytesWritten) / totalBytes);
        if (!io.interactive || percent === shown) return;
        shown = percent;
        io.stdout.write(`\rwriting ${out}: ${percent}%`);
      },
    };
    // A given size lets the files be written while the tree is still scanned; the smallest size
    // that fits is known only once the whole tree is.
    const written =
      size === undefined
        ? await composeSmallest(out, options)
        : await composeToFile(out, { ...options, size });
    if (io.interactive && shown >= 0) io.stdout.write('\n');
    if (!written.ok) return failed(io, written.error);
    const { plan, clusterSize } = written.value.composition;
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

/** Composes on the smallest stick that holds the tree, plus a margin, and writes the image. */
async function composeSmallest(
  out: string,
  options: Omit<ComposeToFileOptions, 'size'>,
): Promise<Result<{ composition: Composition; bytesWritten: number }>> {
  const prepared = await prepareTree(options);
  if (!prepared.ok) return prepared;
  const composed = composePrepared(prepared.value, {
    ...options,
    size: withMargin(minimumSize(prepared.value)),
  });
  if (!composed.ok) return composed;
  options.onComposed?.(composed.value);
  const written = await writePlanToFile(composed.value.plan, out, options);
  return written.ok ? ok({ composition: composed.value, ...written.value }) : written;
}

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
