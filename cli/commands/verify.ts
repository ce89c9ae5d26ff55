// `sourcery-flash verify`: reads a stick back with our own FAT32 reader and compares it with the folder.

import { realpath } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { appError } from '../../contract';
import { formatBytes } from '../../contract/units';
import { isBootFile } from '../../core/image/read/boot-files';
import { compareWithTree, type TreeComparison } from '../../core/image/read/compare-tree';
import { openVolume } from '../../core/image/read/volume';
import type { Command, CommandIo } from '../command';
import { exitCodeFor, exitCodes, printError, UsageError } from '../command';

/** At most this many paths per list on a terminal; --json always has them all. */
const shown = 50;

function printList(io: CommandIo, title: string, lines: string[]): void {
  if (lines.length === 0) return;
  io.stdout.write(`${title} (${lines.length}):\n`);
  for (const line of lines.slice(0, shown)) io.stdout.write(`  ${line}\n`);
  if (lines.length > shown) io.stdout.write(`  ... and ${lines.length - shown} more (--json lists all)\n`);
}

function report(io: CommandIo, drive: string, result: TreeComparison, json: boolean): number {
  const mismatch = result.missing.length + result.extra.length + result.different.length > 0;
  if (json) io.stdout.write(`${JSON.stringify({ type: 'result', drive, ok: !mismatch, ...result })}\n`);
  else {
    printList(io, 'missing on the stick', result.missing);
    printList(io, 'on the stick but not in the folder', result.extra);
    printList(
      io,
      'different',
      result.different.map((d) => `${d.path}: ${d.reason}`),
    );
    io.stdout.write(
      `${mismatch ? 'MISMATCH' : 'ok'}: ${drive}: ${result.filesChecked} files (${formatBytes(result.bytesChecked)}) compared\n`,
    );
  }
  if (!mismatch) return exitCodes.ok;
  if (!json) printError(io, appError('E_VERIFY_MISMATCH', `${drive} does not match the folder.`));
  return exitCodes.verify;
}

export const verifyCommand: Command = {
  name: 'verify',
  help: `Usage: sourcery-flash verify --tree <root> --drive <device-or-image> [--json]

Reads the stick (or an image file) with Sourcery Flasher's own FAT32 reader: the partition
table, the boot sector, the FAT's cluster chains and long file names. Every file of <root> is
compared byte for byte; files missing on the stick, extra on it, or different are listed by
path. Boot files the composer adds (/boot, /EFI, syslinux, boot.scr) are not counted as extra.
Only reads: the device is opened read-only.

Options:
  --tree DIR      the folder the stick was made from
  --drive PATH    the stick (/dev/sdb) or an image file
  --json          print progress and the result as JSON lines

Exit codes: 0 the same; 6 a difference (listed); 3 the folder or stick cannot be read.

Examples:
  sourcery-flash verify --tree ./root --drive /dev/sdb
  sourcery-flash verify --tree ./root --drive stick.img --json | jq .different`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { tree: { type: 'string' }, drive: { type: 'string' }, json: { type: 'boolean' } },
    });
    if (!values.tree) throw new UsageError('--tree DIR is required');
    if (!values.drive) throw new UsageError('--drive PATH is required');
    const json = values.json ?? false;
    const tree = await realpath(values.tree).catch(() => undefined);
    if (!tree) {
      printError(io, appError('E_IO', `${values.tree} does not exist.`));
      return exitCodes.input;
    }
    const opened = await openVolume(values.drive);
    if (!opened.ok) {
      printError(io, opened.error);
      return exitCodeFor(opened.error);
    }
    const volume = opened.value;
    let lastPercent = -1;
    try {
      const result = await compareWithTree(volume, tree, {
        signal: io.signal,
        expectedExtra: isBootFile,
        onProgress: (done, total) => {
          const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
          if (percent === lastPercent) return;
          lastPercent = percent;
          if (json)
            io.stdout.write(
              `${JSON.stringify({ type: 'progress', phase: 'verifying', bytesDone: done, bytesTotal: total })}\n`,
            );
          else if (io.interactive)
            io.stdout.write(`\r\x1b[2Kverifying ${percent}% (${formatBytes(done)} of ${formatBytes(total)})`);
        },
      });
      if (io.interactive && !json) io.stdout.write('\r\x1b[2K');
      return report(io, values.drive, result, json);
    } catch (thrown) {
      if (io.signal.aborted) {
        printError(io, appError('E_CANCELLED', 'Verifying was stopped; nothing was changed.'));
        return exitCodes.cancelled;
      }
      const error = thrown as NodeJS.ErrnoException;
      printError(io, appError('E_IO', `Reading ${values.tree} failed.`, { cause: error.message }));
      return exitCodes.input;
    } finally {
      await volume.close();
    }
  },
};
