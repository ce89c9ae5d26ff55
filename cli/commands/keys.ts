// `sourcery-flash keys generate`: a minisign key pair for signing channels (secret key 0600, .pub beside it).

import { open } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { generateKeys } from '../../core/sign/minisign';
import type { Command } from '../command';
import { exitCodes, UsageError } from '../command';

/** Creates `path` with `text`, never replacing a file that is there (a lost secret key cannot be made again). */
async function createNew(path: string, text: string, mode: number): Promise<void> {
  const file = await open(path, 'wx', mode);
  try {
    await file.writeFile(text);
  } finally {
    await file.close();
  }
}

export const keysCommand: Command = {
  name: 'keys',
  help: `Usage: sourcery-flash keys generate --out PREFIX

Makes a minisign key pair for publishing a channel: PREFIX.key, the secret key (readable by you
alone; keep it offline), and PREFIX.pub, the public key to hand out with the channel's address.
The files are minisign's own: \`minisign -S -s PREFIX.key\` signs with it, \`minisign -V -p PREFIX.pub\`
verifies, and an unencrypted key from \`minisign -G -W\` works with \`root publish\` too.
Existing files are never replaced.

Examples:
  sourcery-flash keys generate --out ~/keys/workshop
  sourcery-flash root publish ./root --out ./site --key ~/keys/workshop.key`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { out: { type: 'string' } },
    });
    if (positionals[0] !== 'generate' || positionals.length !== 1)
      throw new UsageError('say `sourcery-flash keys generate --out PREFIX`');
    if (!values.out)
      throw new UsageError('--out PREFIX is required: the key files are PREFIX.key and PREFIX.pub');
    const keys = await generateKeys();
    const [secretPath, publicPath] = [`${values.out}.key`, `${values.out}.pub`];
    try {
      await createNew(secretPath, keys.secretFile, 0o600);
    } catch (thrown) {
      const code = (thrown as NodeJS.ErrnoException).code;
      io.stderr.write(
        code === 'EEXIST'
          ? `error: ${secretPath} already exists and was left as it is.\n  what to do: choose another --out, or move that key away first.\n`
          : `error: cannot create ${secretPath}: ${(thrown as Error).message}\n  what to do: choose a folder you can write to.\n`,
      );
      return exitCodes.input;
    }
    try {
      await createNew(publicPath, keys.publicFile, 0o644);
    } catch (thrown) {
      io.stderr.write(
        `error: cannot create ${publicPath}: ${(thrown as Error).message}\n  what to do: the secret key is in ${secretPath}; move ${publicPath} away and run \`minisign -R -s ${secretPath} -p ${publicPath}\`, or start again with another --out.\n`,
      );
      return exitCodes.input;
    }
    io.stdout.write(
      `secret key: ${secretPath} (only you can read it; keep it offline)\npublic key: ${publicPath}\nkey ID:     ${keys.keyId}\n` +
        `public key line (hand it out with the channel): ${keys.publicFile.split('\n')[1]}\n`,
    );
    return 0;
  },
};
