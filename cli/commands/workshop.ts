// `sourcery-flash workshop`: compose once, then flash, verify and eject every stick inserted, until Ctrl-C.

import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AppError } from '../../contract';
import { bootArgOptions, bootHelp, bootRequestFromArgs } from '../boot-options';
import { formatBytes } from '../../contract/units';
import { createIoThreads } from '../../core/io/io-threads';
import { planBytes } from '../../core/io/plan';
import { defaultMaxSize, prepareWorkshop } from '../../core/workshop/prepare-workshop';
import { describeTally } from '../../core/workshop/tally';
import { runWorkshop } from '../../core/workshop/workshop';
import type { Command, CommandIo } from '../command';
import { exitCodeFor, exitCodes, printError, UsageError } from '../command';
import { confirm } from './flash';
import { sizeFlag } from '../size-flag';
import { workshopOutput } from './workshop-output';

/** Without --yes: the organiser types "erase" once, knowing every stick they plug in will be erased. */
async function confirmWorkshop(io: CommandIo, range: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    io.stderr.write(`Every removable stick of ${range} you plug in from now on will be erased.\n`);
    return (await prompt.question('Type erase to start: ', { signal: io.signal })).trim() === 'erase';
  } catch {
    return false;
  } finally {
    prompt.close();
  }
}

export const workshopCommand: Command = {
  name: 'workshop',
  help: `Usage: sourcery-flash workshop --tree <root> [--kernel ARCH=FILE]... [options]

Composes the stick once, then watches the drives: every removable stick plugged in after the
start whose size is within [--min-size, --max-size] is written, verified and ejected, several
at once. A log line per stick and a running tally (done, failed, in progress) are shown.
Drives plugged in before the start are never touched unless named with --drive; system drives
never. Ctrl-C stops: sticks in progress are cancelled and their first MiB zeroed, so nothing
half-written passes for a good stick; the final tally is printed.

Options:
  --tree DIR        folder whose contents become every stick's root
  --min-size SIZE   smallest stick to take (default: what the folder needs + 10%, at least 16 MiB)
  --max-size SIZE   largest drive to take (default 64G: bigger ones are rarely sticks)
  --size SIZE       the image size (default --min-size); sticks smaller than it are left alone
  --drive PATH      also flash this drive, present at the start (repeat for several); it
                    skips the size range but not the drive rule of \`flash\`
  --large           with --yes: a --drive over 128 GB may be written
  --fixed-disk DEV  also flash DEV, present at the start, though it is a fixed (internal) disk
  --include-loop    treat loop devices (losetup) as sticks: for trying it out
  --no-eject        leave finished sticks attached
  --yes             do not ask to type "erase" (or --drive names) before starting
  --json            JSON lines: ready, log, progress, stick (with the tally), summary

${bootHelp}

Exit codes: 0 every stick done (or none inserted); 5 at least one stick failed; 130 stopped
while sticks were in progress (they were cancelled and zeroed, none failed); 3 the folder or a
kernel cannot be used; 4 a --drive was refused (system drive, fixed disk, mounted, read-only,
too small, over 128 GB without --large).

Examples:
  sourcery-flash workshop --tree ./root --kernel amd64=vmlinuz --min-size 4G --max-size 64G
  sourcery-flash workshop --tree ./root --min-size 8G --json --yes | tee workshop.log`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        tree: { type: 'string' },
        'min-size': { type: 'string' },
        'max-size': { type: 'string' },
        size: { type: 'string' },
        drive: { type: 'string', multiple: true },
        large: { type: 'boolean' },
        'fixed-disk': { type: 'string', multiple: true },
        'include-loop': { type: 'boolean' },
        'no-eject': { type: 'boolean' },
        yes: { type: 'boolean' },
        json: { type: 'boolean' },
        ...bootArgOptions,
      },
    });
    if (!values.tree)
      throw new UsageError('--tree is required: add --tree DIR, the folder to put on every stick');
    const bootArgs = bootRequestFromArgs(values, (path) => resolve(path));
    if (bootArgs.usage) throw new UsageError(bootArgs.usage);
    const minSize = sizeFlag('min-size', values['min-size']);
    const maxSize = sizeFlag('max-size', values['max-size']) ?? defaultMaxSize;
    const size = sizeFlag('size', values.size);
    if (minSize !== undefined && minSize > maxSize)
      throw new UsageError(
        '--min-size is larger than --max-size: give a --min-size no larger than --max-size',
      );
    const includeLoop = values['include-loop'] ?? false;
    const json = values.json ?? false;
    const out = workshopOutput(io.stdout, json, io.interactive);
    const fail = (error: AppError): number => {
      printError(io, error);
      return exitCodeFor(error);
    };

    const fixedDisks = values['fixed-disk'] ?? [];
    const named = [...new Set([...(values.drive ?? []), ...fixedDisks])];
    out.line('Composing the stick once...');
    // This command's file-reading threads, for writing and verifying sticks when run as root.
    const threads = createIoThreads();
    try {
      const prepared = await prepareWorkshop({
        tree: values.tree,
        ...(bootArgs.request ? { boot: bootArgs.request } : {}),
        ...(size !== undefined ? { size } : {}),
        ...(minSize !== undefined ? { minSize } : {}),
        maxSize,
        includeLoop,
        drives: named,
        fixedDisks,
        // Typing each named drive's name below confirms a large one, as in `flash`; with --yes, --large does.
        confirmedLarge: !values.yes || values.large ? named : [],
        signal: io.signal,
      });
      if (!prepared.ok) return fail(prepared.error);
      const { image, range, chosen } = prepared.value;
      const plan = image.plan;
      const rangeText = `${formatBytes(range.min)} to ${formatBytes(range.max)}`;
      if (!values.yes) {
        if (!io.interactive || !process.stdin.isTTY)
          throw new UsageError(
            'Not on a terminal, so I cannot ask: pass --yes to start the workshop without asking.',
          );
        if (!(await confirmWorkshop(io, rangeText)) || !(await confirm(io, chosen))) {
          io.stderr.write('Not confirmed; nothing was written.\n');
          return exitCodes.cancelled;
        }
      }

      const jobId = randomUUID();
      const summary = await runWorkshop(
        {
          jobId,
          image,
          range,
          includeLoop,
          eject: !(values['no-eject'] ?? false),
          chosen: chosen.map((d) => d.device),
          fixedDisks,
        },
        {
          signal: io.signal,
          threads,
          onReady: (present) => {
            const untouched = present
              .filter((d) => !chosen.some((c) => c.device === d.device))
              .map((d) => d.device);
            out.event('ready', { planBytes: planBytes(plan), size: plan.size, range, untouched });
            out.line(
              `Ready: plug in sticks of ${rangeText} (image ${formatBytes(plan.size)}, ${formatBytes(planBytes(plan))} to write each). ` +
                `Ctrl-C stops.${untouched.length ? `\nLeft alone (present at the start): ${untouched.join(', ')}` : ''}`,
            );
          },
          onStick: out.stick,
          onProgress: out.progress,
          onLog: out.log,
        },
      );
      out.clear();
      out.event('summary', { tally: summary.tally, sticks: summary.sticks });
      out.line(`Workshop stopped: ${describeTally(summary.tally)}.`);
      if (summary.tally.failed > 0) return exitCodes.write;
      return summary.tally.cancelled > 0 ? exitCodes.cancelled : exitCodes.ok;
    } finally {
      await threads.close();
    }
  },
};
