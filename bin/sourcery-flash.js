#!/usr/bin/env node
// The `sourcery-flash` command: runs the built CLI (out/cli/bin.js), the code that ships and is tested.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'out', 'cli', 'bin.js');

if (!existsSync(built)) {
  process.stderr.write(
    `sourcery-flash: the command is not built (${built} is missing).\n` +
      'what to do: run `npm run build` in the checkout (or `npm run cli -- ARGS` to run the sources).\n',
  );
  process.exit(70);
}

/** In a checkout, a build older than the sources would hide a change: say so (an installed package has no sources). */
function newerSource(than) {
  for (const dir of ['cli', 'core', 'contract']) {
    if (!existsSync(join(root, dir))) continue;
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (
        entry.isFile() &&
        entry.name.endsWith('.ts') &&
        statSync(join(entry.parentPath, entry.name)).mtimeMs > than
      )
        return join(entry.parentPath, entry.name);
    }
  }
  return undefined;
}
if (existsSync(join(root, 'cli'))) {
  const newer = newerSource(statSync(built).mtimeMs);
  if (newer)
    process.stderr.write(`sourcery-flash: note: ${newer} is newer than the build; run \`npm run build\`\n`);
}
await import(pathToFileURL(built).href);
