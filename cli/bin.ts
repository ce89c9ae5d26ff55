// Entry point of the `sourcery-flash` process: wires signals and stdio to main().

import type { CommandIo } from './command';
import { exitCodes } from './command';
import { main } from './main';

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts += 1;
  if (interrupts > 1) process.exit(exitCodes.cancelled);
  controller.abort();
});
process.on('SIGTERM', () => controller.abort());
const io: CommandIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  interactive: process.stdout.isTTY === true,
  signal: controller.signal,
};
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (thrown: unknown) => {
    process.stderr.write(
      `Sourcery Flasher hit a bug: ${thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)}\n`,
    );
    process.exitCode = exitCodes.internal;
  },
);
