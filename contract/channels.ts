// Signed channels in the contract: adding one (a channel file's text, or address and key), listing,
// removing, and fetching a root with its kernels as a job.

import { z } from 'zod';
import type { AppError } from './errors';
import { goArchs, type GoArch, type RootManifest } from './dto';

const httpUrl = z
  .string()
  .url()
  .max(2048)
  .regex(/^https?:\/\/[^\s]+$/i, 'must be an http(s) URL');
/** A minisign public key line: base64 of 42 bytes. */
const keyLine = z.string().regex(/^RW[A-Za-z0-9+/]{54}$/, 'must be a minisign public key line (RW…)');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const jobId = z.string().min(1).max(100);

export const channelRequests = {
  /**
   * Adds (or refreshes) a channel: the text of a channel file the user chose (the page reads it; the
   * engine never opens a path for this), or an address with its key. The signature is checked first.
   */
  channelAdd: z.union([
    z
      .object({
        text: z
          .string()
          .min(2)
          .max(64 * 1024),
      })
      .strict(),
    z.object({ url: httpUrl, key: keyLine, name: z.string().max(200).optional() }).strict(),
  ]),
  /** The channels followed, each read again (or, offline, from the copy verified before). */
  channelList: z.object({}).strict(),
  channelRemove: z.object({ url: httpUrl }).strict(),
  /**
   * Gets one root of a followed channel (picked by its archive's SHA-256) with its kernels; the key is
   * the pinned one, never the caller's. Progress as jobProgress/jobLog; rootCancel stops it.
   */
  channelFetch: z
    .object({
      jobId,
      url: httpUrl,
      sha256,
      archs: z.array(z.enum(goArchs)).max(goArchs.length).optional(),
    })
    .strict(),
};

export interface ChannelKernelDTO {
  file: string;
  version?: string;
  size: number;
}

export interface ChannelRootDTO {
  name: string;
  date: string;
  archs: GoArch[];
  goVersion: string;
  /** The archive's size in bytes and SHA-256 (which names the entry). */
  size: number;
  sha256: string;
  files?: number;
  kernels: Partial<Record<GoArch, ChannelKernelDTO>>;
}

export interface ChannelDTO {
  url: string;
  name?: string;
  keyId: string;
  /** When the publisher signed the copy listed (ISO time). */
  signedAt?: string;
  /** The network failed: the copy verified before is listed. */
  offline: boolean;
  roots: ChannelRootDTO[];
  /** Why the channel could not be read at all (no copy kept, or a refused signature). */
  error?: AppError;
}

export interface ChannelFetched {
  manifest: RootManifest;
  entry: ChannelRootDTO;
  /** The verified kernel files per architecture, for the Boot step. */
  kernels: Partial<Record<GoArch, string>>;
}

export interface ChannelResults {
  channelAdd: ChannelDTO;
  channelList: ChannelDTO[];
  channelRemove: { removed: boolean };
  channelFetch: ChannelFetched;
}
