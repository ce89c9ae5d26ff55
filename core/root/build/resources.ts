// Finds the project's Go sources for a root (resources/go/init, resources/go/installcommand).

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** resources/go/<name> in this checkout (core/root/build -> the repository root). */
export const goResource = (name: 'init' | 'installcommand'): string =>
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'resources', 'go', name);
