// Where boot parts built or extracted on this machine are cached (never inside the repository).

import { homedir } from 'node:os';
import { join } from 'node:path';

/** ~/.cache/sourcery-flasher/<part>, honouring XDG_CACHE_HOME. */
export function cacheDir(part: string): string {
  const base = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(base, 'sourcery-flasher', part);
}
