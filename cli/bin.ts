// Entry point of the `sourcery-flash` process: wires signals and stdio to main().

import type { CommandIo } from './command';
import { exitCodes } from './command';
import { main } from './main';

const controller = new AbortController();
let interrupts = 0;
// The first signal cancels the command cleanly; a second one ends the process at once.
const interrupt = () => {
  interrupts += 1;
  if (interrupts > 1) process.exit(exitCodes.cancelled);
  controller.abort();
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);
/** Once the command has answered, a stray handle (a watcher, a socket) must not keep the process alive. */
const finish = (code: number) => {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 1000).unref();
};
const io: CommandIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  interactive: process.stdout.isTTY === true,
  signal: controller.signal,
};
main(process.argv.slice(2), io).then(
  (code) => finish(code),
  (thrown: unknown) => {
    process.stderr.write(
      `Sourcery Flasher hit a bug: ${thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)}\n`,
    );
    finish(exitCodes.internal);
  },
);
