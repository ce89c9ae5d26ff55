// `sourcery-flash root publish`: a root, its kernels and a signed channel.json, for any static web server.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bootRequestFromArgs } from '../boot-options';
import { publishRoot } from '../../core/channel/publish';
import type { CommandIo } from '../command';
import { exitCodeFor, printError, UsageError } from '../command';

export const publishHelp = `publish  packs ROOT reproducibly (the same root gives the same SHA-256), copies the kernels
         (--kernel ARCH=FILE or a linux-image .deb, checked for their architecture) and adds an entry
         to DIR/channel.json, signed with a minisign secret key as DIR/channel.json.minisig.
         Earlier entries stay. Serve DIR with any web server; hand out its address and your .pub.`;

export async function publishCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      key: { type: 'string' },
      name: { type: 'string' },
      kernel: { type: 'string', multiple: true },
    },
  });
  const [root, ...extra] = positionals;
  if (!root || extra.length > 0)
    throw new UsageError('root publish takes one root folder: root publish ROOT --out DIR --key FILE');
  if (!values.out) throw new UsageError('--out DIR is required: the channel folder to publish into');
  if (!values.key)
    throw new UsageError(
      '--key FILE is required: a minisign secret key (make one with `sourcery-flash keys generate`)',
    );
  const boot = bootRequestFromArgs({ ...(values.kernel ? { kernel: values.kernel } : {}) }, (p) =>
    resolve(p),
  );
  if (boot.usage) throw new UsageError(boot.usage);
  let secretKey: string;
  try {
    secretKey = await readFile(values.key, 'utf8');
  } catch (thrown) {
    io.stderr.write(
      `error: cannot read the secret key ${values.key}: ${(thrown as Error).message}\n  what to do: give the file \`sourcery-flash keys generate\` made (PREFIX.key).\n`,
    );
    return 3;
  }
  const started = performance.now();
  const result = await publishRoot({
    root: resolve(root),
    out: resolve(values.out),
    secretKey,
    ...(values.name ? { name: values.name } : {}),
    ...(boot.request ? { kernels: boot.request.kernels } : {}),
    onLog: (message) => io.stderr.write(`${message}\n`),
    signal: io.signal,
  });
  if (!result.ok) {
    printError(io, result.error);
    return exitCodeFor(result.error);
  }
  const { entry } = result.value;
  io.stdout.write(
    [
      `published:  ${entry.name} (${entry.archs.join(', ')}, ${entry.goVersion})`,
      `archive:    ${entry.url} (${entry.size} bytes, sha256 ${entry.sha256})`,
      ...Object.entries(entry.kernels ?? {}).map(([arch, k]) => `kernel:     ${arch} ${k.file}`),
      `channel:    ${result.value.channel} (signed, ${((performance.now() - started) / 1000).toFixed(1)} s)`,
      '',
    ].join('\n'),
  );
  return 0;
}
