// Where root jobs keep their caches on this machine (outside any repository).

import { homedir } from 'node:os';
import { join } from 'node:path';

/** ~/.cache/sourcery-flasher, or $XDG_CACHE_HOME/sourcery-flasher. */
export const cacheHome = (): string =>
  join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sourcery-flasher');

export const downloadCacheDir = (): string => join(cacheHome(), 'downloads');
export const buildCacheDir = (): string => join(cacheHome(), 'root-cache');
export const hashIndexDir = (): string => join(cacheHome(), 'hash-index');
