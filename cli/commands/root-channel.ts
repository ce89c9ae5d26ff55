// `sourcery-flash root fetch` from a signed channel: by address and key, or from a channel file.

import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { GoArch, RootManifest } from '../../contract';
import { fetchFromChannel } from '../../core/channel/fetch';
import { parseChannelLink, type ChannelLink } from '../../core/channel/subscription';
import type { RootEvents } from '../../core/root/progress';
import type { CommandIo } from '../command';
import { exitCodeFor, exitCodes, printError, UsageError } from '../command';

export const channelFetchHelp = `fetch --channel  reads CHANNEL-URL and its signature (CHANNEL-URL.minisig) and checks it with
         --key (the public key's line, or its .pub file) before reading any entry; a channel file
         (--channel-file, handed out by the organiser) holds the address and key together. The
         channel is pinned to its key, and a channel signed before the last one seen is refused.
         The newest root serving --arch (or the one whose archive has --sha256) is downloaded with
         the size and SHA-256 the signed channel states, its kernels first (checked for their
         architecture); the kernels' paths are printed. --data-dir holds the pins (default
         ~/.sourcery-flasher).`;

export interface ChannelFetchArgs {
  url?: string;
  key?: string;
  channelFile?: string;
  sha256?: string;
  archs: GoArch[];
  out: string;
  dataDir?: string;
  json?: boolean;
}

/** A public key given as its line, or as the path of a .pub file holding it. */
async function readKey(given: string): Promise<string> {
  if (/^[A-Za-z0-9+/]{40,}={0,2}$/.test(given.trim())) return given;
  try {
    return await readFile(given, 'utf8');
  } catch (thrown) {
    throw new UsageError(
      `--key takes the channel's public key line (RW…) or its .pub file; cannot read ${given}: ${(thrown as Error).message}`,
    );
  }
}

async function linkFrom(args: ChannelFetchArgs, io: CommandIo): Promise<ChannelLink | number> {
  if (args.channelFile) {
    if (args.url || args.key)
      throw new UsageError('--channel-file holds the address and key: give no CHANNEL-URL or --key with it');
    let text: string;
    try {
      text = await readFile(args.channelFile, 'utf8');
    } catch (thrown) {
      io.stderr.write(
        `error: cannot read the channel file ${args.channelFile}: ${(thrown as Error).message}\n  what to do: give the file the organiser handed out.\n`,
      );
      return exitCodes.input;
    }
    const link = parseChannelLink(text.slice(0, 64 * 1024));
    if (!link.ok) {
      printError(io, link.error);
      return exitCodeFor(link.error);
    }
    return link.value;
  }
  if (!args.url) throw new UsageError('root fetch --channel needs the channel’s address (CHANNEL-URL)');
  if (!args.key)
    throw new UsageError(
      '--key is required with --channel: the channel’s public key line or .pub file (unsigned channels are refused)',
    );
  return { url: args.url, key: await readKey(args.key) };
}

function printFetched(
  io: CommandIo,
  manifest: RootManifest,
  kernels: Partial<Record<GoArch, string>>,
  json: boolean,
): void {
  if (json) return void io.stdout.write(`${JSON.stringify({ ...manifest, kernels }, null, 2)}\n`);
  for (const [arch, path] of Object.entries(kernels)) io.stdout.write(`kernel:        ${arch} ${path}\n`);
}

export async function fetchChannelCommand(
  args: ChannelFetchArgs,
  io: CommandIo,
  events: RootEvents,
  printManifest: (manifest: RootManifest) => void,
): Promise<number> {
  const link = await linkFrom(args, io);
  if (typeof link === 'number') return link;
  const result = await fetchFromChannel({
    ...events,
    signal: io.signal,
    link,
    dataDir: resolve(args.dataDir ?? join(homedir(), '.sourcery-flasher')),
    archs: args.archs,
    out: args.out,
    ...(args.sha256 ? { sha256: args.sha256.toLowerCase() } : {}),
  });
  if (!result.ok) {
    printError(io, result.error);
    return exitCodeFor(result.error);
  }
  const { entry, manifest, kernels, channel } = result.value;
  if (!args.json)
    io.stdout.write(
      `channel:       ${channel.link.name ?? channel.channel.name ?? link.url} (key ${channel.keyId}, signed ${new Date(channel.timestamp * 1000).toISOString()}${channel.offline ? ', offline copy' : ''})\nentry:         ${entry.name} (${entry.date})\n`,
    );
  if (!args.json) printManifest(manifest);
  printFetched(io, manifest, kernels, Boolean(args.json));
  return manifest.problems.length ? exitCodes.input : exitCodes.ok;
}
