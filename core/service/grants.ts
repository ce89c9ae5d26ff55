// Which paths the user chose for which field, and how: the engine's answer to "did the user pick this?".

import { resolve } from 'node:path';
import type { PathField } from '../../contract';
import type { PathGrants } from './root-paths';

/**
 * How a path was chosen. `dialog` and `drop` come from main (its native dialog, or the preload
 * reading a dropped File's real path), which a page cannot forge. `browser` comes from the engine's
 * own folder browser, whose picks the (untrusted) page reports, so it widens nothing.
 */
export type GrantSource = 'dialog' | 'drop' | 'browser';

/** Enough for a long session; the oldest grant goes first. */
const maxPerField = 256;

export class FieldGrants {
  private readonly byField = new Map<PathField, Map<string, GrantSource>>();

  record(field: PathField, path: string, source: GrantSource): void {
    const grants = this.byField.get(field) ?? new Map<string, GrantSource>();
    this.byField.set(field, grants);
    const key = resolve(path);
    grants.delete(key); // re-inserted as the newest
    grants.set(key, source);
    if (grants.size > maxPerField) grants.delete(grants.keys().next().value as string);
  }

  /** How `path` was chosen for `field`, or undefined when it was not. */
  granted(field: PathField, path: string): GrantSource | undefined {
    return this.byField.get(field)?.get(resolve(path));
  }

  /** The newest path chosen for `field`, if any. */
  latest(field: PathField): string | undefined {
    return [...(this.byField.get(field)?.keys() ?? [])].pop();
  }
}

/**
 * The root handlers' view: a root the user picked in main's dialog, or dropped in Electron, may be
 * read even where the bridge's rule refuses a typed path (a hidden folder). Grants never choose where
 * a root is written or which sources a build reads: `out` stays inside the roots folder.
 */
export const rootReadGrants = (grants: FieldGrants): PathGrants => ({
  picked: (path, use) => {
    if (use !== 'read') return false;
    const source = grants.granted('root', path);
    return source === 'dialog' || source === 'drop';
  },
});
