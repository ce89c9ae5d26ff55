// Publishes a root into a channel folder any static web server can serve: the archive, its kernels,
// and channel.json (earlier entries kept) signed as channel.json.minisig.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GoArch } from '../../contract';
import { resolveKernel } from '../boot/kernel-source';
import { appError, fail, ok, toAppError, type Result } from '../errors';
import { requireValidRoot } from '../root/inspect';
import { parseSecretKey, prehash, signPrehashed, type SecretKey } from '../sign/minisign';
import {
  openSignedChannel,
  trustedComment,
  type Channel,
  type ChannelKernel,
  type ChannelRoot,
} from './manifest';
import { packRoot } from './pack';

export interface PublishOptions {
  root: string;
  /** The channel folder: created if new; an existing channel must check with the same key. */
  out: string;
  /** A minisign secret key file's text (unencrypted). */
  secretKey: string;
  name?: string;
  kernels?: Partial<Record<GoArch, string>>;
  /** Seconds since 1970 for the signature's time (tests); now by default. */
  now?: number;
  onLog?: (message: string) => void;
  signal?: AbortSignal;
}

export interface Published {
  entry: ChannelRoot;
  channel: string;
  timestamp: number;
}

const sha256File = async (path: string): Promise<string> => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};

/** The channel already in `out`, checked with the publisher's own key: never extend what someone else altered. */
async function existingChannel(
  out: string,
  secret: SecretKey,
): Promise<Result<{ channel: Channel; timestamp: number }>> {
  const bytes = await readFile(join(out, 'channel.json')).catch(() => undefined);
  if (!bytes) return ok({ channel: { roots: [] }, timestamp: 0 });
  const signature = await readFile(join(out, 'channel.json.minisig'), 'utf8').catch(() => '');
  // Read as it was written (relative URLs): resolve against a base inside `out`, then cut it off again.
  const base = pathToFileURL(join(out, 'channel.json')).href;
  const opened = openSignedChannel(bytes, signature, secret.publicKey, base);
  if ('code' in opened)
    return fail(
      appError(
        'E_SIGNATURE',
        `${join(out, 'channel.json')} does not check with this key, so it was not extended.`,
        {
          hint: 'Publish into a new folder, or use the key this channel was made with; if the file was altered, restore it from your copy.',
          cause: opened.detail,
        },
      ),
    );
  const folder = new URL('.', base).href;
  const relative = (url: string) => (url.startsWith(folder) ? url.slice(folder.length) : url);
  const roots = opened.channel.roots.map((root) => ({
    ...root,
    url: relative(root.url),
    ...(root.kernels
      ? {
          kernels: Object.fromEntries(
            Object.entries(root.kernels).map(([arch, k]) => [arch, { ...k, url: relative(k.url) }]),
          ) as ChannelRoot['kernels'],
        }
      : {}),
  }));
  return ok({ channel: { ...opened.channel, roots }, timestamp: opened.timestamp });
}

/** Checks every kernel before anything is written: the architecture, and that it can read the stick. */
async function checkKernels(given: [GoArch, string][]): Promise<Result<Map<GoArch, string | undefined>>> {
  const versions = new Map<GoArch, string | undefined>();
  for (const [arch, path] of given) {
    const checked = await resolveKernel(arch, path);
    if (!checked.ok) return checked;
    versions.set(arch, checked.value.version);
  }
  return ok(versions);
}

/** Copies a checked kernel under its hash, so two kernels of one name never collide. */
async function publishKernel(
  out: string,
  arch: GoArch,
  given: string,
  version?: string,
): Promise<ChannelKernel> {
  const sha256 = await sha256File(given);
  const file = basename(given);
  const url = `kernels/${arch}/${sha256.slice(0, 16)}-${file}`;
  await mkdir(join(out, 'kernels', arch), { recursive: true });
  await copyFile(given, join(out, url));
  const kernel: ChannelKernel = { url, size: (await stat(given)).size, sha256, file };
  if (version) kernel.version = version;
  return kernel;
}

/** Writes a file beside its final name, then renames it there: a reader sees the old file or the new. */
async function replace(path: string, text: string): Promise<void> {
  await writeFile(`${path}.new`, text);
  await rename(`${path}.new`, path);
}

export async function publishRoot(options: PublishOptions): Promise<Result<Published>> {
  try {
    const secret = await parseSecretKey(options.secretKey);
    if ('code' in secret) return fail(secret);
    const manifest = await requireValidRoot(options.root, options.signal);
    if (!manifest.ok) return manifest;
    const kernelsGiven = Object.entries(options.kernels ?? {}) as [GoArch, string][];
    const foreign = kernelsGiven.filter(([arch]) => !manifest.value.archs.includes(arch));
    if (foreign.length > 0)
      return fail(
        appError(
          'E_KERNEL_INVALID',
          `The root has no ${foreign.map(([a]) => a).join(', ')} programs, so a kernel for it would boot nothing.`,
          {
            hint: `Give kernels for the root's architectures only: ${manifest.value.archs.join(', ')}.`,
          },
        ),
      );
    const checked = await checkKernels(kernelsGiven);
    if (!checked.ok) return checked;
    const previous = await existingChannel(options.out, secret);
    if (!previous.ok) return previous;

    await mkdir(join(options.out, 'roots'), { recursive: true });
    const kernels: Partial<Record<GoArch, ChannelKernel>> = {};
    for (const [arch, given] of kernelsGiven) {
      options.signal?.throwIfAborted();
      kernels[arch] = await publishKernel(options.out, arch, given, checked.value.get(arch));
      options.onLog?.(`kernel for ${arch}: ${kernels[arch].file}`);
    }

    options.onLog?.(`packing ${options.root}`);
    const scratch = await mkdtemp(join(options.out, 'roots', '.packing-'));
    let packed;
    try {
      packed = await packRoot(options.root, join(scratch, 'root.tar.zst'), options.signal);
      await rename(join(scratch, 'root.tar.zst'), join(options.out, 'roots', `${packed.sha256}.tar.zst`));
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }

    const now = options.now ?? Math.floor(Date.now() / 1000);
    // A channel never goes backwards: a clock behind the last signature still signs a later time.
    const timestamp = Math.max(now, previous.value.timestamp + 1);
    const entry: ChannelRoot = {
      name:
        options.name ?? `${basename(options.root)} ${new Date(timestamp * 1000).toISOString().slice(0, 10)}`,
      date: new Date(timestamp * 1000).toISOString(),
      archs: manifest.value.archs,
      goVersion: manifest.value.goVersion ?? 'unknown',
      url: `roots/${packed.sha256}.tar.zst`,
      size: packed.size,
      sha256: packed.sha256,
      treeHash: manifest.value.treeHash,
      files: packed.files,
      ...(kernelsGiven.length > 0 ? { kernels } : {}),
    };
    const channel: Channel = {
      ...(options.name || previous.value.channel.name
        ? { name: previous.value.channel.name ?? options.name }
        : {}),
      roots: [...previous.value.channel.roots, entry],
    };
    const text = `${JSON.stringify(channel, null, 2)}\n`;
    const signature = signPrehashed(
      prehash(Buffer.from(text)),
      secret,
      trustedComment(timestamp),
      'signature from sourcery-flash root publish',
    );
    await replace(join(options.out, 'channel.json'), text);
    await replace(join(options.out, 'channel.json.minisig'), signature);
    return ok({ entry, channel: join(options.out, 'channel.json'), timestamp });
  } catch (thrown) {
    return fail(toAppError(thrown, `publishing ${options.root}`));
  }
}
