// Judges a root by the composer's own VFAT checks (core/image), so a valid root is one that fits a stick.

import type { RootProblem } from '../../contract';
import { checkTree } from '../image/tree/scan-tree';
import type { Result } from '../errors';
import { ok } from '../errors';

export async function checkVfat(dir: string, signal?: AbortSignal): Promise<Result<RootProblem[]>> {
  const checked = await checkTree(dir, signal ? { signal } : {});
  if (!checked.ok) return checked;
  return ok(checked.value.map((p) => ({ path: p.path, problem: p.message })));
}
