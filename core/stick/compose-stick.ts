// Makes a stick from a folder and a boot request: the one pipeline that flash, compose and the workshop use.

import { realpath } from 'node:fs/promises';
import { appError, fail, ok, type Result } from '../../contract/errors';
import { prepareBoot, type BootPlan, type BootRequest } from '../boot/prepare';
import {
  composePrepared,
  minimumSize,
  prepareTree,
  type Composition,
  type ExtraFile,
} from '../image/compose';
import { composeToFile } from '../image/compose-to-file';
import type { IoThreads } from '../io/io-threads';
import { writePlanToFile, type StreamProgress } from '../io/stream';

const mib = 1024 * 1024;

/** Sticks are laid out in whole MiB (the partition starts at 1 MiB): a size is rounded down to them. */
export const wholeMiB = (bytes: number): number => Math.floor(bytes / mib) * mib;

/**
 * The one margin rule: the smallest size that holds the tree, plus 10% and at least 16 MiB, rounded
 * up to whole MiB. The floor matters for small trees, where 10% would leave no room to add a file.
 */
export const withMargin = (smallest: number): number =>
  Math.ceil((smallest + Math.max(16 * mib, smallest * 0.1)) / mib) * mib;

export interface StickRequest {
  tree: string;
  /** Bytes of the stick (rounded down to whole MiB), or the smallest that holds the tree plus the margin. */
  size: number | 'smallest';
  /** Kernels and boot methods: makes the stick bootable (core/boot). */
  boot?: BootRequest;
  extraFiles?: ExtraFile[];
  volumeLabel?: string;
  followSymlinks?: boolean;
  signal?: AbortSignal;
  /**
   * Also write the image to this file (while the tree is scanned when the size is given), its files
   * read on the caller's threads (io-threads.ts).
   */
  out?: { file: string; threads: IoThreads; onProgress?: (progress: StreamProgress) => void };
}

export interface Stick {
  composition: Composition;
  boot?: BootPlan;
  /** The folder, resolved, and every file the plan reads: their drives are never targets. */
  heldPaths: string[];
  /** Bytes written to `out`, when asked (0 otherwise). */
  bytesWritten: number;
}

/**
 * Checks and builds the boot files first (a missing kernel stops everything before a byte is
 * written), then lays out the tree with them and installs the boot code into the composition.
 */
export async function composeStick(request: StickRequest): Promise<Result<Stick>> {
  const tree = await realpath(request.tree).catch(() => undefined);
  if (!tree) return fail(appError('E_IO', `${request.tree} does not exist.`));
  const booted = request.boot ? await prepareBoot(request.boot) : undefined;
  if (booted && !booted.ok) return booted;
  const boot = booted?.value;
  const extraFiles = [...(request.extraFiles ?? []), ...(boot?.extraFiles ?? [])];
  const heldPaths = [tree, ...extraFiles.flatMap((f) => (f.source ? [f.source] : []))];
  const options = {
    tree,
    extraFiles,
    ...(boot ? { diskSignature: boot.diskSignature } : {}),
    ...(request.volumeLabel !== undefined ? { volumeLabel: request.volumeLabel } : {}),
    ...(request.followSymlinks !== undefined ? { followSymlinks: request.followSymlinks } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.out?.onProgress ? { onProgress: request.out.onProgress } : {}),
  };
  const made = (composition: Composition, bytesWritten = 0): Result<Stick> =>
    ok({ composition, ...(boot ? { boot } : {}), heldPaths, bytesWritten });

  // A given size lets the files be written while the tree is still scanned; the smallest size that
  // fits is known only once the whole tree is.
  if (request.size !== 'smallest' && request.out) {
    const written = await composeToFile(request.out.file, {
      ...options,
      threads: request.out.threads,
      size: wholeMiB(request.size),
      onComposed: (composition) => boot?.install(composition),
    });
    return written.ok ? made(written.value.composition, written.value.bytesWritten) : written;
  }
  const prepared = await prepareTree(options);
  if (!prepared.ok) return prepared;
  const size = request.size === 'smallest' ? withMargin(minimumSize(prepared.value)) : wholeMiB(request.size);
  const composed = composePrepared(prepared.value, { ...options, size });
  if (!composed.ok) return composed;
  boot?.install(composed.value);
  if (!request.out) return made(composed.value);
  const written = await writePlanToFile(composed.value.plan, request.out.file, {
    ...options,
    threads: request.out.threads,
  });
  return written.ok ? made(composed.value, written.value.bytesWritten) : written;
}
