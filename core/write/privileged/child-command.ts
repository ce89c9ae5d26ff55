// How to start the privileged writer: the built entry next to the built app, or the source via tsx.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ChildCommand {
  file: string;
  args: string[];
  /** Variables the child needs (Electron's binary must be told to act as Node). */
  env: Record<string, string>;
}

function packageDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'node_modules'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package folder above ${from}`);
  }
}

export function childCommand(): ChildCommand {
  const here = fileURLToPath(import.meta.url);
  const root = packageDir(dirname(here));
  const env: Record<string, string> = process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {};
  // Running from TypeScript sources means the child should too, or it would run a stale build.
  if (!here.endsWith('.ts')) {
    const built = join(root, 'out', 'write', 'privileged.js');
    if (existsSync(built)) return { file: process.execPath, args: [built], env };
  }
  const loader = join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs');
  return {
    file: process.execPath,
    args: ['--import', loader, join(root, 'core', 'write', 'privileged', 'child-main.ts')],
    env,
  };
}
