// Debian kernels through the host's apt in the contract: whether this host can, and fetching one per arch.

import { z } from 'zod';
import type { AppError } from './errors';
import { goArchs, type GoArch } from './boot';

export const aptKernelRequests = {
  /** Whether this host can fetch Debian kernels (a Debian release, apt, a mirror for its release). */
  bootAptInfo: z.object({}).strict(),
  /**
   * Fetches the newest Debian kernel package for `arch` through apt with a private state folder, from
   * the mirror of the host's own sources; the .deb is checked as a kernel for `arch`. Lines as jobLog.
   */
  bootFetchKernel: z.object({ jobId: z.string().min(1).max(100), arch: z.enum(goArchs) }).strict(),
};

export interface AptInfoDTO {
  available: boolean;
  /** The host's release codename (bookworm), when it is Debian or a derivative. */
  release?: string;
  /** Why not, when not: what the Boot step shows beside the file field. */
  error?: AppError;
}

export interface FetchedKernelDTO {
  arch: GoArch;
  /** The linux-image .deb, for the Boot step's kernel field. */
  path: string;
  package: string;
  version: string;
  kernelVersion?: string;
  /** The mirror and suites it came from. */
  mirror: string;
}

export interface AptKernelResults {
  bootAptInfo: AptInfoDTO;
  bootFetchKernel: FetchedKernelDTO;
}
