// A channel: the signed list of published roots, each with its archive and kernels per architecture.

import { z } from 'zod';
import { goArchs, type GoArch } from '../../contract';
import { appError, type AppError } from '../../contract/errors';
import { parsePublicKey, prehash, verifyPrehashed, type PublicKey } from '../sign/minisign';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const relativeOrHttp = z
  .string()
  .min(1)
  .max(2048)
  .refine(
    (url) => !/^[a-z][a-z0-9+.-]*:/i.test(url) || /^https?:\/\//i.test(url),
    'only http(s) or relative URLs',
  );

const fileSchema = z.object({ url: relativeOrHttp, size: z.number().int().positive(), sha256 });
const kernelSchema = fileSchema.extend({
  /** The name it was published under ("linux-image-6.1.0-28-amd64_6.1.119-1_amd64.deb"). */
  file: z.string().min(1).max(255),
  version: z.string().max(100).optional(),
});

const rootSchema = fileSchema.extend({
  name: z.string().min(1).max(200),
  date: z.string().min(1).max(40),
  archs: z.array(z.enum(goArchs)).min(1),
  goVersion: z.string().min(1).max(40),
  treeHash: sha256.optional(),
  files: z.number().int().nonnegative().optional(),
  kernels: z.partialRecord(z.enum(goArchs), kernelSchema).optional(),
});

export const channelSchema = z.object({
  name: z.string().max(200).optional(),
  roots: z.array(rootSchema).max(1000),
});

export type Channel = z.infer<typeof channelSchema>;
export type ChannelRoot = Channel['roots'][number];
export type ChannelKernel = z.infer<typeof kernelSchema>;

/** Where a channel's signature lives: beside it, as minisign writes it. */
export const signatureUrl = (channelUrl: string): string => {
  const url = new URL(channelUrl);
  url.pathname = `${url.pathname}.minisig`;
  return url.href;
};

/** "timestamp:1764900000 file:channel.json": minisign's own form of a trusted comment. */
export const trustedComment = (timestamp: number, file = 'channel.json'): string =>
  `timestamp:${timestamp} file:${file}`;

export const timestampOf = (comment: string): number | undefined => {
  const found = /(?:^|\s)timestamp:(\d{1,12})(?:\s|$)/.exec(comment)?.[1];
  return found === undefined ? undefined : Number(found);
};

export interface SignedChannel {
  channel: Channel;
  /** When the publisher signed it (seconds), from the signed trusted comment. */
  timestamp: number;
  keyId: string;
}

/**
 * Checks the signature over the channel's exact bytes before reading a word of it, then its form.
 * Relative URLs are resolved against `channelUrl`.
 */
export function openSignedChannel(
  bytes: Uint8Array,
  signature: string,
  key: PublicKey | string,
  channelUrl: string,
): SignedChannel | AppError {
  const publicKey = typeof key === 'string' ? parsePublicKey(key) : key;
  if ('code' in publicKey) return publicKey;
  const verified = verifyPrehashed(prehash(bytes), signature, publicKey);
  if ('code' in verified)
    return { ...verified, detail: `The channel ${channelUrl} is not signed by its key: ${verified.detail}` };
  const timestamp = timestampOf(verified.trustedComment);
  if (timestamp === undefined)
    return appError(
      'E_SIGNATURE',
      `The channel ${channelUrl} is signed, but its signature carries no time.`,
      {
        hint: 'Ask the publisher to sign it with `sourcery-flash root publish` (minisign -S adds the time too).',
      },
    );
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (thrown) {
    return appError(
      'E_DOWNLOAD',
      `The channel ${channelUrl} is signed but is not JSON: ${(thrown as Error).message}`,
    );
  }
  const parsed = channelSchema.safeParse(json);
  if (!parsed.success)
    return appError(
      'E_DOWNLOAD',
      `The channel ${channelUrl} is signed but not a channel: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
      { hint: 'Ask the publisher to publish it again with `sourcery-flash root publish`.' },
    );
  const resolve = (url: string) => new URL(url, channelUrl).href;
  const roots = parsed.data.roots.map((root) => ({
    ...root,
    url: resolve(root.url),
    ...(root.kernels
      ? {
          kernels: Object.fromEntries(
            Object.entries(root.kernels).map(([arch, k]) => [arch, { ...k, url: resolve(k.url) }]),
          ) as ChannelRoot['kernels'],
        }
      : {}),
  }));
  return { channel: { ...parsed.data, roots }, timestamp, keyId: verified.keyId };
}

/** The newest root (by date) that serves every architecture in `archs`. */
export function pickRoot(channel: Channel, archs: GoArch[]): ChannelRoot | undefined {
  return channel.roots
    .filter((root) => archs.every((arch) => root.archs.includes(arch)))
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))[0];
}
