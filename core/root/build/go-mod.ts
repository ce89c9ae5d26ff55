// Reads the few lines of a go.mod that decide where a source goes and which Go it needs.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface GoMod {
  /** The `module` line ("github.com/u-root/u-root"), unquoted. */
  module: string | null;
  /** The `go` line ("1.21", "1.24.0"), or null when absent. */
  go: string | null;
  /** The `toolchain` line ("go1.22.1"), or null when absent. */
  toolchain: string | null;
}

/** The value of a one-word directive (`module x`, `go 1.21`), comments and quotes removed. */
function directive(text: string, name: string): string | null {
  const line = new RegExp(`^\\s*${name}\\s+(\\S+)`, 'm').exec(text.replace(/\/\/.*$/gm, ''));
  const value = line?.[1]?.replace(/^["`](.*)["`]$/, '$1');
  return value || null;
}

export function parseGoMod(text: string): GoMod {
  return {
    module: directive(text, 'module'),
    go: directive(text, 'go'),
    toolchain: directive(text, 'toolchain'),
  };
}

/** The go.mod at the top of `dir`, or null when there is none. */
export async function readGoMod(dir: string): Promise<GoMod | null> {
  const text = await readFile(join(dir, 'go.mod'), 'utf8').catch(() => null);
  return text === null ? null : parseGoMod(text);
}
