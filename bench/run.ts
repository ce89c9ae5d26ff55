// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and prints their tables.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { printTable, type Bench } from './table';

const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.startsWith(w)))
  .sort();

for (const file of files) {
  const bench = (await import(pathToFileURL(join(dir, file)).href)) as { default: Bench };
  process.stdout.write(`\n## ${file}\n`);
  printTable(await bench.default());
}
