// The `sourcery-flash` command line: finds the command and runs it with the shared I/O.

import type { Command, CommandIo } from './command';
import { exitCodes, UsageError } from './command';
import { bootTestCommand } from './commands/boot-test';
import { composeCommand } from './commands/compose';
import { drivesCommand } from './commands/drives';
import { flashCommand } from './commands/flash';
import { rootCommand } from './commands/root';
import { serveCommand } from './commands/serve';
import { verifyCommand } from './commands/verify';
import { workshopCommand } from './commands/workshop';

const commands: Command[] = [
  serveCommand,
  composeCommand,
  drivesCommand,
  flashCommand,
  rootCommand,
  workshopCommand,
  verifyCommand,
  bootTestCommand,
];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const rows = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `Usage: sourcery-flash <command> [options]

Commands:
${rows}

Run \`sourcery-flash <command> --help\` for a command's options and examples.
`;
}

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name === undefined ? exitCodes.usage : exitCodes.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`Unknown command "${name}".\n\n${usage()}`);
    return exitCodes.usage;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${command.help}\n`);
    return exitCodes.ok;
  }
  try {
    return await command.run(args, io);
  } catch (thrown) {
    if (thrown instanceof UsageError || (thrown as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`${(thrown as Error).message}\n\n${command.help}\n`);
      return exitCodes.usage;
    }
    throw thrown;
  }
}
