// The preload turns only a File with a real path into a filesDropped request; a page cannot pass a path.

import { describe, expect, it } from 'vitest';
import { dropRequestOf } from './drop-path';

/** Stands in for webUtils.getPathForFile: Electron knows the path of a dropped File, not of a made one. */
const dropped = new Map<object, string>();
const pathOf = (file: never): string => dropped.get(file as object) ?? '';

describe('dropped file path', () => {
  it('reads the path from the dropped File', () => {
    const file = { name: 'vmlinuz' };
    dropped.set(file, '/boot/vmlinuz-6.1.0-13-amd64');
    expect(dropRequestOf({ field: 'kernel', file }, pathOf)).toEqual({
      ok: true,
      request: { field: 'kernel', path: '/boot/vmlinuz-6.1.0-13-amd64' },
    });
  });

  it('refuses a File the page made, a path given as text, an unknown field and a throwing lookup', () => {
    expect(dropRequestOf({ field: 'kernel', file: { name: 'made' } }, pathOf).ok).toBe(false);
    expect(dropRequestOf({ field: 'kernel', file: '/etc/shadow' }, pathOf).ok).toBe(false);
    expect(dropRequestOf({ field: 'kernel', path: '/etc/shadow' }, pathOf).ok).toBe(false);
    const file = {};
    dropped.set(file, '/home/me/root');
    expect(dropRequestOf({ field: 'secrets', file }, pathOf).ok).toBe(false);
    expect(
      dropRequestOf({ field: 'root', file }, () => {
        throw new TypeError('not a File');
      }).ok,
    ).toBe(false);
    expect(dropRequestOf(undefined, pathOf).ok).toBe(false);
  });
});
