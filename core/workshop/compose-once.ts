// Composes the workshop's stick once: boot files, layout and plan, reused for every stick inserted.

import type { Result } from '../../contract/errors';
import type { BootRequest } from '../boot/prepare';
import type { Plan } from '../io/plan';
import { composeStick } from '../stick/compose-stick';

export interface WorkshopImageRequest {
  tree: string;
  boot?: BootRequest;
  /** The stick size to lay out; default `minSize`, else the smallest that holds the tree plus the margin. */
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
  const stick = await composeStick({
    tree: request.tree,
    size: request.size ?? request.minSize ?? 'smallest',
    ...(request.boot ? { boot: request.boot } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  return stick.ok
    ? { ok: true, value: { plan: stick.value.composition.plan, heldPaths: stick.value.heldPaths } }
    : stick;
}
