// Finds the project's Go sources (resources/go/...) from source checkouts and from built bundles.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
  return dir;
}

/** resources/go/<name> of this installation. */
export const goResource = (name: 'init' | 'installcommand'): string =>
  join(findPackageRoot(dirname(fileURLToPath(import.meta.url))), 'resources', 'go', name);
