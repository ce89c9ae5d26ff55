// The `sourcery-flash` command line: finds the command and runs it with the shared I/O.

import type { Command, CommandIo } from './command';
import { exitCodes, UsageError } from './command';

/** Every command, loaded only when run: start-up then costs one command's modules, not all of them. */
interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

const commands: CommandEntry[] = [
  {
    name: 'serve',
    summary: 'serve the wizard to a browser on this machine (127.0.0.1 only)',
    load: async () => (await import('./commands/serve')).serveCommand,
  },
  {
    name: 'compose',
    summary: 'compose a FAT32 stick image (MBR + one partition) from a folder',
    load: async () => (await import('./commands/compose')).composeCommand,
  },
  {
    name: 'drives',
    summary: 'list drives and whether each can be written',
    load: async () => (await import('./commands/drives')).drivesCommand,
  },
  {
    name: 'flash',
    summary: 'compose a folder into a bootable stick and write it to drives or image files',
    load: async () => (await import('./commands/flash')).flashCommand,
  },
  {
    name: 'root',
    summary: 'build, download, open or inspect a sourcery root',
    load: async () => (await import('./commands/root')).rootCommand,
  },
  {
    name: 'workshop',
    summary: 'compose once, then flash, verify and eject every stick plugged in, until Ctrl-C',
    load: async () => (await import('./commands/workshop')).workshopCommand,
  },
  {
    name: 'verify',
    summary: 'read a stick back and compare every file with the folder it was made from',
    load: async () => (await import('./commands/verify')).verifyCommand,
  },
  {
    name: 'keys',
    summary: 'make a minisign key pair for signing a channel',
    load: async () => (await import('./commands/keys')).keysCommand,
  },
  {
    name: 'boot',
    summary: "fetch the newest Debian kernel for an architecture through this computer's apt",
    load: async () => (await import('./commands/boot')).bootCommand,
  },
  {
    name: 'boot-test',
    summary: 'boot an image (or stick) in QEMU and wait for the root to start',
    load: async () => (await import('./commands/boot-test')).bootTestCommand,
  },
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
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`Unknown command "${name}": type one of the commands below.\n\n${usage()}`);
    return exitCodes.usage;
  }
  const command = await entry.load();
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${command.help}\n`);
    return exitCodes.ok;
  }
  try {
    return await command.run(args, io);
  } catch (thrown) {
    if (thrown instanceof UsageError || (thrown as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`${usageMessage(thrown as Error & { code?: string }, name)}\n\n${command.help}\n`);
      return exitCodes.usage;
    }
    throw thrown;
  }
}

/** node's parseArgs speaks of positional arguments and '--'; say instead what to type. */
function usageMessage(thrown: Error & { code?: string }, command: string): string {
  const quoted = /'([^']+)'/.exec(thrown.message)?.[1];
  if (thrown.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted)
    return `${quoted} is not an option of ${command}: type one of the options below (\`sourcery-flash ${command} --help\`).`;
  if (thrown.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && quoted)
    return `${command} takes no bare "${quoted}": put it after its option, as in --tree DIR (options below).`;
  return thrown.message;
}
