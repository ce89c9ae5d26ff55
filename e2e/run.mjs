#!/usr/bin/env node
// Runs the browser and Electron e2e specs with node's test runner (needs `npm run build` first).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  process.stderr.write('e2e: the wizard is not built; run `npm run build` first.\n');
  process.exit(2);
}
// Node 20's test runner takes no globs: list the spec files of each folder named (default: both tiers).
const folders = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['e2e/browser', 'e2e/electron'];
const specs = folders.flatMap((folder) =>
  readdirSync(join(root, folder))
    .filter((name) => name.endsWith('.spec.ts'))
    .sort()
    .map((name) => join(folder, name)),
);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...specs], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
