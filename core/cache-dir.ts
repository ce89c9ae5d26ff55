// Where Sourcery Flasher caches what it downloads, extracts or builds on this machine (never in a repository).

import { homedir } from 'node:os';
import { join } from 'node:path';

/** $XDG_CACHE_HOME/sourcery-flasher, or ~/.cache/sourcery-flasher when it is unset or empty (as XDG says). */
export const cacheHome = (): string =>
  join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sourcery-flasher');

/** One part of the cache: "downloads", "syslinux", "efi-stubs". */
export const cacheDir = (part: string): string => join(cacheHome(), part);
