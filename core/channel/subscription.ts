// The channels this user follows: each pinned to its key and to the newest signature seen, with a
// verified copy kept so a channel is still listed offline.

import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { appError, fail, ok, type AppError, type Result } from '../errors';
import { keyIdHex, parsePublicKey } from '../sign/minisign';
import { openSignedChannel, signatureUrl, type SignedChannel } from './manifest';

/** What an organiser hands out (a file, a link, a QR code): where the channel is and whose key signs it. */
export interface ChannelLink {
  url: string;
  /** The minisign public key line. */
  key: string;
  name?: string;
}

export interface PinnedChannel extends ChannelLink {
  keyId: string;
  /** The newest signature time seen; an older manifest is refused (no rollback). */
  lastTimestamp: number;
}

export interface OpenedChannel extends SignedChannel {
  link: PinnedChannel;
  /** True when the network failed and the copy verified earlier was used. */
  offline: boolean;
}

const linkSchema = z.object({
  'sourcery-channel': z.literal(1),
  url: z.string().url().max(2048),
  key: z.string().min(40).max(200),
  name: z.string().max(200).optional(),
});
const pinsSchema = z.record(
  z.string(),
  z.object({
    url: z.string(),
    key: z.string(),
    keyId: z.string(),
    name: z.string().optional(),
    lastTimestamp: z.number().int().nonnegative(),
  }),
);

const maxChannelBytes = 1024 * 1024;
const maxSignatureBytes = 4096;

const isHttp = (url: string): boolean => /^https?:$/.test(new URL(url).protocol);

/** A channel file's text: `{"sourcery-channel": 1, "url": ..., "key": ..., "name": ...}`. */
export function parseChannelLink(text: string): Result<ChannelLink> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = linkSchema.safeParse(json);
  if (!parsed.success || !isHttp(parsed.data.url))
    return fail(
      appError('E_BAD_REQUEST', 'This is not a Sourcery Flasher channel file.', {
        hint: 'A channel file holds {"sourcery-channel": 1, "url": "https://…/channel.json", "key": "RW…"}; ask the organiser for it, or add the address and key by hand.',
      }),
    );
  const key = parsePublicKey(parsed.data.key);
  if ('code' in key) return fail(key);
  return ok({ url: parsed.data.url, key: key.line, ...(parsed.data.name ? { name: parsed.data.name } : {}) });
}

/** The text of a channel file for `link`, to hand out. */
export const channelLinkText = (link: ChannelLink): string =>
  `${JSON.stringify({ 'sourcery-channel': 1, url: link.url, key: link.key, ...(link.name ? { name: link.name } : {}) }, null, 2)}\n`;

const pinsFile = (dataDir: string) => join(dataDir, 'channels.json');
const copyDir = (dataDir: string, url: string) =>
  join(dataDir, 'channels', createHash('sha256').update(url).digest('hex').slice(0, 32));

export async function readPins(dataDir: string): Promise<Record<string, PinnedChannel>> {
  const text = await readFile(pinsFile(dataDir), 'utf8').catch(() => '{}');
  try {
    const parsed = pinsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  await writeFile(`${path}.new`, data, { mode: 0o600 });
  await rename(`${path}.new`, path);
}

async function savePins(dataDir: string, pins: Record<string, PinnedChannel>): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeAtomically(pinsFile(dataDir), `${JSON.stringify(pins, null, 2)}\n`);
}

/** GETs a small file whole, refusing anything larger than `limit` before it is all read. */
async function getSmall(url: string, limit: number, signal?: AbortSignal): Promise<Uint8Array> {
  const response = await fetch(url, { redirect: 'error', ...(signal ? { signal } : {}) });
  if (!response.ok)
    throw Object.assign(new Error(`HTTP ${response.status} from ${url}`), { status: response.status });
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of response.body ?? []) {
    bytes += (chunk as Uint8Array).length;
    if (bytes > limit) throw Object.assign(new Error(`${url} is over ${limit} bytes`), { tooLarge: true });
    chunks.push(chunk as Uint8Array);
  }
  return Buffer.concat(chunks);
}

/** The checks every copy of a channel passes, fresh or cached: the key pinned, no going back in time. */
function checkAgainstPin(
  opened: SignedChannel | AppError,
  pin: PinnedChannel | undefined,
  url: string,
): Result<SignedChannel> {
  if ('code' in opened) return fail(opened);
  if (pin && opened.timestamp < pin.lastTimestamp)
    return fail(
      appError(
        'E_SIGNATURE',
        `The channel ${url} was signed at ${new Date(opened.timestamp * 1000).toISOString()}, before the one already seen (${new Date(pin.lastTimestamp * 1000).toISOString()}).`,
        {
          hint: 'An older channel may hide newer fixes, so it is refused; someone may be replaying it. Try again later or ask the organiser.',
        },
      ),
    );
  return ok(opened);
}

/**
 * Reads a channel with its signature, checked against the pinned key (or `link.key` when new), pins
 * it, and keeps the verified copy; with no network, the kept copy (verified again) is used.
 */
export async function openChannel(
  link: ChannelLink,
  options: { dataDir: string; signal?: AbortSignal },
): Promise<Result<OpenedChannel>> {
  if (!isHttp(link.url))
    return fail(
      appError('E_BAD_REQUEST', `${link.url}: a channel is read over http or https.`, {
        hint: 'Give the channel’s web address.',
      }),
    );
  const key = parsePublicKey(link.key);
  if ('code' in key) return fail(key);
  const pins = await readPins(options.dataDir);
  const pin = pins[link.url];
  if (pin && pin.key !== key.line)
    return fail(
      appError(
        'E_SIGNATURE',
        `The channel ${link.url} is pinned to key ${pin.keyId}, not ${keyIdHex(key.keyId)}.`,
        {
          hint: 'If the organiser really changed keys, remove the channel and add it again with the new key.',
        },
      ),
    );
  const dir = copyDir(options.dataDir, link.url);
  let bytes: Uint8Array;
  let signature: string;
  let offline = false;
  try {
    [bytes, signature] = await Promise.all([
      getSmall(link.url, maxChannelBytes, options.signal),
      getSmall(signatureUrl(link.url), maxSignatureBytes, options.signal).then((b) =>
        Buffer.from(b).toString('utf8'),
      ),
    ]);
  } catch (thrown) {
    const failure = thrown as { status?: number; tooLarge?: boolean; message: string; name?: string };
    if (failure.name === 'AbortError') throw thrown;
    if (failure.status === 404)
      return fail(
        appError(
          'E_SIGNATURE',
          `${link.url} has no signature beside it (${signatureUrl(link.url)}): unsigned channels are refused.`,
          {
            hint: 'Ask the organiser to publish with `sourcery-flash root publish`, which signs the channel.',
          },
        ),
      );
    const kept = await Promise.all([
      readFile(join(dir, 'channel.json')),
      readFile(join(dir, 'channel.json.minisig'), 'utf8'),
    ]).catch(() => undefined);
    if (!kept || failure.tooLarge)
      return fail(appError('E_DOWNLOAD', `Could not read the channel ${link.url}: ${failure.message}`));
    [bytes, signature] = kept;
    offline = true;
  }
  const checked = checkAgainstPin(openSignedChannel(bytes, signature, key, link.url), pin, link.url);
  if (!checked.ok) return checked;
  const pinned: PinnedChannel = {
    url: link.url,
    key: key.line,
    keyId: keyIdHex(key.keyId),
    ...((link.name ?? pin?.name) ? { name: link.name ?? pin?.name } : {}),
    lastTimestamp: Math.max(checked.value.timestamp, pin?.lastTimestamp ?? 0),
  };
  if (!offline) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeAtomically(join(dir, 'channel.json'), bytes);
    await writeAtomically(join(dir, 'channel.json.minisig'), signature);
  }
  await savePins(options.dataDir, { ...(await readPins(options.dataDir)), [link.url]: pinned });
  return ok({ ...checked.value, link: pinned, offline });
}

/** Forgets a channel: its pin and its kept copy. */
export async function forgetChannel(url: string, dataDir: string): Promise<void> {
  const pins = await readPins(dataDir);
  delete pins[url];
  await savePins(dataDir, pins);
  await rm(copyDir(dataDir, url), { recursive: true, force: true });
}
