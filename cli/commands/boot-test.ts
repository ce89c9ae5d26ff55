// `sourcery-flash boot-test`: boots an image in QEMU, streams its serial console, waits for a line.

import { parseArgs } from 'node:util';
import { goArchs, type GoArch } from '../../contract/dto';
import { bootTest } from '../../core/qemu/boot-test';
import { defaultFirmware, firmwares, type Firmware } from '../../core/qemu/machines';
import type { Command } from '../command';
import { exitCodeFor, exitCodes, printError, UsageError } from '../command';

export const bootTestCommand: Command = {
  name: 'boot-test',
  help: `Usage: sourcery-flash boot-test IMAGE --arch amd64|arm64|riscv64 [--firmware bios|uefi|uboot]
       [--timeout 120] [--expect REGEX] [--json]

Boots IMAGE (an image file or a stick) in QEMU with the firmware a real machine would have,
and streams the serial console here. QEMU runs with snapshot=on, so the image is never changed,
and without network. Succeeds as soon as a console line matches --expect.

Options:
  --arch ARCH       amd64, arm64 or riscv64: which QEMU machine to start
  --firmware NAME   bios (amd64 SeaBIOS + syslinux), uefi (OVMF, or EDK2 on arm64),
                    uboot (arm64, riscv64). Default: bios for amd64, uboot for arm64/riscv64
  --timeout SEC     give up after this many seconds (default 120; no KVM here means slow boots)
  --expect REGEX    the line that means it booted (default: the root's init banner,
                    "sourcery: init for linux_<arch>")
  --json            console lines and the result as JSON lines

Exit codes: 0 booted; 7 the line never came (timeout, or QEMU stopped); 8 QEMU or its
firmware is not installed (the apt-get line is shown); 3 the image cannot be read.

Examples:
  sourcery-flash boot-test stick.img --arch amd64
  sourcery-flash boot-test stick.img --arch arm64 --firmware uefi --timeout 300
  sourcery-flash boot-test /dev/sdb --arch riscv64 --expect 'Linux version'`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        arch: { type: 'string' },
        firmware: { type: 'string' },
        timeout: { type: 'string' },
        expect: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    const [image, ...rest] = positionals;
    if (!image || rest.length > 0)
      throw new UsageError('give exactly one image: sourcery-flash boot-test IMAGE --arch ARCH');
    const arch = values.arch as GoArch | undefined;
    if (!arch || !goArchs.includes(arch)) throw new UsageError(`--arch takes ${goArchs.join(', ')}`);
    const firmware = (values.firmware ?? defaultFirmware[arch]) as Firmware;
    if (!firmwares.includes(firmware)) throw new UsageError(`--firmware takes ${firmwares.join(', ')}`);
    const timeout = Number(values.timeout ?? 120);
    if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError('--timeout takes seconds, like 120');
    let expect: RegExp | undefined;
    try {
      expect = values.expect === undefined ? undefined : new RegExp(values.expect);
    } catch {
      throw new UsageError(`--expect is not a regular expression: ${values.expect}`);
    }
    const json = values.json ?? false;
    const result = await bootTest(
      { image, arch, firmware, timeoutSeconds: timeout, allowDevices: true, ...(expect ? { expect } : {}) },
      {
        signal: io.signal,
        ...(json
          ? { onLine: (line) => io.stdout.write(`${JSON.stringify({ type: 'console', line })}\n`) }
          : { onOutput: (text) => io.stdout.write(text) }),
      },
    );
    if (!result.ok) {
      if (json) io.stdout.write(`${JSON.stringify({ type: 'result', ok: false, error: result.error })}\n`);
      else io.stdout.write('\n');
      printError(io, result.error);
      return exitCodeFor(result.error);
    }
    const { seconds, matched } = result.value;
    if (json) io.stdout.write(`${JSON.stringify({ type: 'result', ok: true, seconds, matched })}\n`);
    else
      io.stdout.write(
        `\nok: ${image} booted on ${arch} (${firmware}) in ${seconds.toFixed(1)} s: "${matched}"\n`,
      );
    return exitCodes.ok;
  },
};
