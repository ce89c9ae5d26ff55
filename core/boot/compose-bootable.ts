// Composes a bootable stick: boot files planned from the kernels, the tree laid out, boot code installed.

import { ok, type Result } from '../../contract';
import { compose, minimumSize, prepareTree, type Composition } from '../image/compose';
import { prepareBoot, type BootPlan, type BootRequest } from './prepare';

export interface BootableOptions {
  tree?: string;
  /** Target size in bytes; default: the smallest that holds everything, plus 10 %. */
  size?: number;
  boot: BootRequest;
  volumeLabel?: string;
  signal?: AbortSignal;
}

export interface Bootable {
  composition: Composition;
  boot: BootPlan;
}

/** Everything is checked and built before the caller writes a single byte. */
export async function composeBootable(options: BootableOptions): Promise<Result<Bootable>> {
  const boot = await prepareBoot(options.boot);
  if (!boot.ok) return boot;
  let size = options.size;
  if (size === undefined) {
    const prepared = await prepareTree({
      tree: options.tree,
      extraFiles: boot.value.extraFiles,
      signal: options.signal,
    });
    if (!prepared.ok) return prepared;
    size = Math.ceil((minimumSize(prepared.value) * 1.1) / 1048576) * 1048576;
  }
  const composed = await compose({
    ...(options.tree !== undefined ? { tree: options.tree } : {}),
    extraFiles: boot.value.extraFiles,
    size,
    diskSignature: boot.value.diskSignature,
    ...(options.volumeLabel ? { volumeLabel: options.volumeLabel } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!composed.ok) return composed;
  boot.value.install(composed.value);
  return ok({ composition: composed.value, boot: boot.value });
}
