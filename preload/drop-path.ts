// A dropped file's request for main: its real path read from the File itself, so a page cannot name one.

import { pathFields, type PathField } from '../contract/names';

export type DropRequest =
  { ok: true; request: { field: PathField; path: string } } | { ok: false; why: string };

/**
 * `pathOf` is Electron's webUtils.getPathForFile: the path of a File the user dropped or picked,
 * and '' for a File a page made itself (new File([...])), which therefore never reaches main.
 */
export function dropRequestOf(value: unknown, pathOf: (file: never) => string): DropRequest {
  const { field, file } = (value ?? {}) as { field?: unknown; file?: unknown };
  if (!pathFields.includes(field as PathField)) return { ok: false, why: 'no such field' };
  let path = '';
  try {
    path = typeof file === 'object' && file !== null ? pathOf(file as never) : '';
  } catch {
    path = '';
  }
  if (!path) return { ok: false, why: 'the item dropped is not a file on this computer' };
  return { ok: true, request: { field: field as PathField, path } };
}
