// Tests and benches: a tree that boots on amd64 (the boot tier's test init) and Debian's cached kernel.

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildGo, goSource } from '../../boot/go-build';

/** Writes the tree into `tree`; returns the amd64 kernel package to pass as --kernel amd64=. */
export async function bootableTree(repo: string, tree: string): Promise<string> {
  // Cached in ~/.cache/sourcery-flasher by the boot tier's own script.
  const fetched = JSON.parse(
    execFileSync(process.execPath, [join(repo, 'scripts', 'fetch-kernels.mjs')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  ) as Record<string, { kernel?: string }>;
  const kernel = fetched.amd64?.kernel;
  if (!kernel) throw new Error('fetch-kernels gave no amd64 kernel');
  const init = await buildGo(goSource('testinit'), 'amd64');
  if (!init.ok) throw new Error(init.error.detail);
  mkdirSync(join(tree, 'linux_amd64', 'bin'), { recursive: true });
  copyFileSync(init.value, join(tree, 'linux_amd64', 'bin', 'init'));
  for (const sub of ['dev', 'proc', 'tmp', 'etc']) mkdirSync(join(tree, sub));
  return kernel;
}
