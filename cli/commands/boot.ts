// `sourcery-flash boot fetch-kernel`: the newest Debian kernel package for an architecture, through the
// host's apt with a private state folder, from the mirror of the host's own sources.

import { copyFile, mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { isGoArch } from '../../contract/boot';
import { fetchAptKernel } from '../../core/boot/packages/apt-kernel';
import { hostAptPaths } from '../../core/boot/packages/apt-sources';
import { cacheHome } from '../../core/cache-dir';
import { toAppError } from '../../core/errors';
import type { Command } from '../command';
import { exitCodeFor, exitCodes, printError, UsageError } from '../command';
import { writeJsonLine } from '../json-lines';

export const bootCommand: Command = {
  name: 'boot',
  help: `Usage: sourcery-flash boot fetch-kernel --arch amd64|arm64|riscv64 [--out DIR] [--json]

Fetches the newest Debian kernel package (linux-image-<version>-<arch>) for an architecture
through apt, from the mirror this computer's own apt sources name for its release (its suite,
-updates and -security). apt runs with a private state folder in the cache
(~/.cache/sourcery-flasher/apt-kernels), so the system's apt lists, cache and settings are never
touched, and it needs no root. The package is checked as a kernel for that architecture and its
path printed: pass it to --kernel ARCH=FILE of flash, compose or workshop.

Only on Debian and its derivatives; elsewhere, download a kernel package or file yourself.

Options:
  --arch ARCH   amd64, arm64 or riscv64 (Debian ships riscv64 kernels from trixie on)
  --out DIR     also copy the .deb into DIR
  --json        the result as one JSON line

Examples:
  sourcery-flash boot fetch-kernel --arch arm64
  sourcery-flash flash --tree ./root --drive /dev/sdb --kernel arm64=$(sourcery-flash boot fetch-kernel --arch arm64)`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { arch: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
    });
    if (positionals[0] !== 'fetch-kernel' || positionals.length !== 1)
      throw new UsageError('say `sourcery-flash boot fetch-kernel --arch ARCH`');
    if (!values.arch || !isGoArch(values.arch))
      throw new UsageError('--arch must be amd64, arm64 or riscv64: the architecture whose kernel to fetch');
    const got = await fetchAptKernel(values.arch, {
      cacheRoot: join(cacheHome(), 'apt-kernels'),
      host: hostAptPaths(),
      signal: io.signal,
      log: (line) => io.stderr.write(`${line}\n`),
    });
    if (!got.ok) {
      printError(io, got.error);
      return exitCodeFor(got.error);
    }
    let path = got.value.path;
    if (values.out) {
      try {
        await mkdir(values.out, { recursive: true });
        path = join(values.out, basename(got.value.path));
        await copyFile(got.value.path, path);
      } catch (thrown) {
        const error = toAppError(thrown, `Copying ${got.value.path} into ${values.out} failed.`);
        printError(io, {
          ...error,
          hint: 'Choose a folder you can write to with --out, or leave --out out.',
        });
        return exitCodes.input;
      }
    }
    if (values.json) writeJsonLine(io.stdout, 'result', { ...got.value, path });
    else io.stdout.write(`${path}\n`);
    return exitCodes.ok;
  },
};
