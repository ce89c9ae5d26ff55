// Composes the workshop's stick once: boot files, layout and plan, reused for every stick inserted.

import { realpath } from 'node:fs/promises';
import { appError, fail, ok, type Result } from '../../contract/errors';
import { prepareBoot, type BootRequest } from '../boot/prepare';
import { composePrepared, minimumSize, prepareTree } from '../image/compose';
import type { Plan } from '../image/plan';

const mib = 1024 * 1024;

export interface WorkshopImageRequest {
  tree: string;
  boot?: BootRequest;
  /** The stick size to lay out; default `minSize`, else what the tree needs plus 10%. */
  size?: number;
  minSize?: number;
  signal?: AbortSignal;
}

export interface WorkshopImage {
  plan: Plan;
  /** The folder, resolved, and every file the plan reads: their drives are never targets. */
  heldPaths: string[];
}

export async function composeOnce(request: WorkshopImageRequest): Promise<Result<WorkshopImage>> {
  const tree = await realpath(request.tree).catch(() => undefined);
  if (!tree) return fail(appError('E_IO', `${request.tree} does not exist.`));
  // Kernels are checked before anything else: a missing kernel stops the workshop before it starts.
  const boot = request.boot ? await prepareBoot(request.boot) : undefined;
  if (boot && !boot.ok) return boot;
  const extraFiles = boot?.ok ? boot.value.extraFiles : [];
  const prepared = await prepareTree({
    tree,
    extraFiles,
    ...(request.signal ? { signal: request.signal } : {}),
  });
  if (!prepared.ok) return prepared;
  const needed = Math.ceil((minimumSize(prepared.value) * 1.1) / mib) * mib;
  const size = Math.floor((request.size ?? request.minSize ?? needed) / mib) * mib;
  const composed = composePrepared(prepared.value, {
    size,
    ...(boot?.ok ? { diskSignature: boot.value.diskSignature } : {}),
  });
  if (!composed.ok) return composed;
  if (boot?.ok) boot.value.install(composed.value);
  const heldPaths = [tree, ...extraFiles.flatMap((f) => (f.source ? [f.source] : []))];
  return ok({ plan: composed.value.plan, heldPaths });
}
