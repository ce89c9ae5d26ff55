#!/usr/bin/env node
// Runs the built CLI from out/, or the TypeScript sources through tsx when they are newer (a checkout).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'out', 'cli', 'bin.js');

/** Newest modification time of the TypeScript the CLI is built from (0 in an installed package). */
function newestSource() {
  let newest = 0;
  for (const dir of ['cli', 'core', 'contract']) {
    if (!existsSync(join(root, dir))) continue;
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts')) {
        newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
      }
    }
  }
  return newest;
}

// A stale build would hide source changes, so it is used only when it is newer than every source.
if (existsSync(built) && statSync(built).mtimeMs >= newestSource()) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'cli', 'bin.ts')).href);
}
