// Where a source with a go.mod lands in the root: at its module path under /src, as upstream sourcery
// puts u-root at /src/github.com/u-root/u-root.

import { appError, EngineError } from '../../errors';
import type { GoMod } from './go-mod';

/** Module path elements as Go allows them, minus anything a FAT32 name or a path walk could misread. */
const element = /^[A-Za-z0-9_~+-][A-Za-z0-9._~+-]{0,254}$/;

/**
 * "src/<module path>" for a go.mod's module line, or null when it has none. A module path that could
 * leave /src, land in the module cache (/src/pkg) or on the folder stand-ins use (/src/local) is refused.
 */
export function moduleRootPath(goMod: GoMod | null, source: string): string | null {
  const module = goMod?.module;
  if (!module) return null;
  const parts = module.split('/');
  const bad = parts.find((p) => !element.test(p) || /\.$/.test(p));
  const why =
    module.length > 1000
      ? 'is too long'
      : bad !== undefined
        ? `has an element "${bad.slice(0, 100)}" that cannot be a folder in a root`
        : parts[0] === 'pkg' || parts[0] === 'local'
          ? `starts with "${parts[0]}/", which the root keeps for its own use`
          : null;
  if (why) {
    throw new EngineError(
      appError('E_BAD_REQUEST', `The module path "${module.slice(0, 200)}" in ${source}/go.mod ${why}.`, {
        hint: 'Give the module a path like example.com/owner/name in its go.mod.',
      }),
    );
  }
  return `src/${module}`;
}
