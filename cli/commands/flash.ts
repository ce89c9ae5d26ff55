// `sourcery-flash flash`: compose a folder into a bootable stick, write it to drives or image files, verify.

import { randomUUID } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { AppError, DriveDTO, LogLine } from '../../contract';
import { bootArgOptions, bootHelp, bootRequestFromArgs } from '../boot-options';
import { formatBytes } from '../../contract/units';
import { checkTarget, largeDriveBytes } from '../../core/drives/check-target';
import { classifyTarget } from '../../core/io/platform-io';
import { listDrives } from '../../core/drives/list';
import { createIoThreads } from '../../core/io/io-threads';
import type { ChosenTarget } from '../../core/write/flash-job';
import { flashTree } from '../../core/write/flash-tree';
import type { Command, CommandIo } from '../command';
import { exitCodeFor, exitCodes, printError, UsageError } from '../command';
import { jsonLinesHelp, jsonProgress, writeJsonLine } from '../json-lines';
import { sizeFlag } from '../size-flag';
import { progressPrinter } from './flash-progress';

/** Asks the user to type each device's name; anything else stops before a byte is written. */
export async function confirm(io: CommandIo, drives: DriveDTO[]): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    for (const d of drives) {
      const name = d.device.split('/').pop() ?? d.device;
      const large =
        d.size > largeDriveBytes ? ' It is larger than 128 GB: make sure it is not a backup disk.' : '';
      io.stderr.write(
        `Everything on ${d.device} (${d.description}, ${formatBytes(d.size)}) will be erased.${large}\n`,
      );
      const answer = await prompt.question(`Type ${name} to go on: `, { signal: io.signal });
      if (answer.trim() !== name && answer.trim() !== d.device) return false;
    }
    return true;
  } catch {
    return false;
  } finally {
    prompt.close();
  }
}

export const flashCommand: Command = {
  name: 'flash',
  help: `Usage: sourcery-flash flash --tree <root> --drive <device-or-image>... [options]

Lays <root> out as an MBR + FAT32 stick, writes it to every --drive in one pass (one slow or
failing drive never stops the others), then reads every written byte back to verify it.
A --drive that is not a device is an image file: a new file, or an image Sourcery Flasher
made earlier (any other existing file is left alone).

Options:
  --tree DIR          folder whose contents become the stick's root
  --drive PATH        a removable drive (/dev/sdb) or an image file; repeat for several
  --size SIZE         image size (64M, 8G); default: the smallest chosen drive or existing
                      image file; needed for a new image file
  --yes               do not ask to type each device's name
  --large             with --yes: also write drives over 128 GB
  --fixed-disk DEV    also write DEV though it is a fixed (internal) disk; repeat for several
  --eject             eject each drive after it verified
  --include-loop      allow loop devices (/dev/loopN) as targets
  --json              ${jsonLinesHelp}

${bootHelp}

System drives (holding /, /boot, /usr, /var, /home, swap, or the files being written) are
never written, whatever the options. Fixed disks are written only when named with
--fixed-disk. A drive with a volume mounted outside /media or /run/media is refused with
its mount points listed; unmount them yourself if you mean it.

Examples:
  sourcery-flash flash --tree ./root --kernel amd64=vmlinuz --drive /dev/sdb --drive /dev/sdc
  sourcery-flash flash --tree ./root --drive stick.img --size 2G`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        tree: { type: 'string' },
        drive: { type: 'string', multiple: true },
        size: { type: 'string' },
        yes: { type: 'boolean' },
        large: { type: 'boolean' },
        'fixed-disk': { type: 'string', multiple: true },
        eject: { type: 'boolean' },
        'include-loop': { type: 'boolean' },
        json: { type: 'boolean' },
        ...bootArgOptions,
      },
    });
    const bootArgs = bootRequestFromArgs(values, (path) => resolve(path));
    if (bootArgs.usage) throw new UsageError(bootArgs.usage);
    if (!values.tree)
      throw new UsageError('--tree is required: add --tree DIR, the folder to put on the stick');
    const fixedDisks = values['fixed-disk'] ?? [];
    const paths = [...new Set([...(values.drive ?? []), ...fixedDisks])];
    if (paths.length === 0)
      throw new UsageError('give at least one --drive (a stick such as /dev/sdb, or stick.img)');
    const includeLoop = values['include-loop'] ?? false;
    const tree = await realpath(values.tree).catch(() => values.tree ?? '');
    const size = sizeFlag('size', values.size);

    const listed = await listDrives({ includeLoop: true, heldPaths: [tree] });
    const targets: ChosenTarget[] = [];
    const devices: DriveDTO[] = [];
    const refusals: AppError[] = [];
    const unsized: string[] = []; // new image files: sized by the smallest drive, or by --size
    for (const path of paths) {
      const target = await classifyTarget(path);
      if (target.kind !== 'device') {
        if (size === undefined && !target.deviceArea && (target.kind === 'missing' || target.size === 0))
          unsized.push(path);
        targets.push({ device: path });
        continue;
      }
      const drive = listed.find((d) => d.device === target.path);
      if (!drive)
        throw new UsageError(
          `${path} is not a drive this machine lists; see \`sourcery-flash drives\` for their names`,
        );
      const fixedDisk = fixedDisks.includes(path) || fixedDisks.includes(drive.device);
      refusals.push(...checkTarget(drive, 0, { includeLoop, fixedDisk }).problems);
      devices.push(drive);
      targets.push({
        device: drive.device,
        size: drive.size,
        description: drive.description,
        ...(drive.hardwareId !== undefined ? { hardwareId: drive.hardwareId } : {}),
        ...(fixedDisk ? { fixedDisk } : {}),
      });
    }
    if (unsized[0] && devices.length === 0)
      throw new UsageError(
        `${unsized[0]} is a new image file, so give its size: add --size 8G (the size of the stick it stands for)`,
      );
    if (refusals[0]) {
      for (const refusal of refusals) printError(io, refusal);
      return exitCodeFor(refusals[0]);
    }
    if (devices.length > 0 && !values.yes) {
      if (!io.interactive || !process.stdin.isTTY)
        throw new UsageError(
          'Not on a terminal, so I cannot ask: pass --yes to write the drives without asking.',
        );
      if (!(await confirm(io, devices))) {
        io.stderr.write('Not confirmed; nothing was written.\n');
        return exitCodes.cancelled;
      }
    }
    const confirmedLarge = devices
      .filter((d) => d.size > largeDriveBytes && (!values.yes || values.large))
      .map((d) => d.device);

    const json = values.json ?? false;
    const progress = json
      ? { onProgress: jsonProgress(io.stdout), clear: () => undefined }
      : progressPrinter(io.stdout, io.interactive);
    const threads = createIoThreads(); // this command's file-reading threads, closed when it is done
    const result = await flashTree(
      {
        jobId: randomUUID(),
        tree,
        targets,
        ...(size !== undefined ? { size } : {}),
        confirmedLarge,
        ...(bootArgs.request ? { boot: bootArgs.request } : {}),
        eject: values.eject ?? false,
        includeLoop,
      },
      {
        signal: io.signal,
        threads,
        onProgress: progress.onProgress,
        ...(json ? { onLog: (line: LogLine) => writeJsonLine(io.stdout, 'log', line) } : {}),
        onImageSize: (bytes, from) => {
          if (!json)
            io.stdout.write(
              `No --size given: the image takes the size of ${from}, ${formatBytes(bytes)} (${bytes} bytes).\n`,
            );
        },
        onElevating: () => {
          progress.clear();
          io.stderr.write('Asking for permission to write the drives...\n');
        },
      },
    ).finally(() => threads.close());
    progress.clear();
    if (json) writeJsonLine(io.stdout, 'result', result.ok ? result.value : { error: result.error });
    if (!result.ok) {
      printError(io, result.error);
      return exitCodeFor(result.error);
    }
    let code: number = exitCodes.ok;
    for (const t of result.value.targets) {
      if (t.ok && json) continue;
      if (t.ok) {
        io.stdout.write(
          `ok: ${t.device}: ${formatBytes(t.bytesWritten)} written${t.verified ? ' and verified' : ''}\n`,
        );
        if (t.eject) io.stdout.write(`  ${t.eject}\n`);
        continue;
      }
      printError(io, t.error);
      if (t.firstMiBZeroed)
        io.stderr.write(`  ${t.device}: its first MiB was zeroed, so it will not look like a valid stick.\n`);
      if (code === exitCodes.ok) code = exitCodeFor(t.error);
    }
    return code;
  },
};
