// Where root jobs keep their caches on this machine (outside any repository).

import { join } from 'node:path';
import { cacheHome } from '../cache-dir';

export { cacheHome };

export const downloadCacheDir = (): string => join(cacheHome(), 'downloads');
export const buildCacheDir = (): string => join(cacheHome(), 'root-cache');
export const hashIndexDir = (): string => join(cacheHome(), 'hash-index');
