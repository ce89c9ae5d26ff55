// The built out/ must find the package's files through core/package-files.ts alone, and must not
// name the checkout it was built in: a chunk that walks `..` from itself leaves the package.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { packageFilesFrom, workerEntry, workerSources, type WorkerName } from '../core/package-files';

const root = join(import.meta.dirname, '..');
const out = join(root, 'out');

/** Every built JavaScript file the Node side runs (the renderer runs in a browser and is left out). */
function builtNodeFiles(): string[] {
  if (!existsSync(join(out, 'cli', 'bin.js')))
    throw new Error('out/ is not built: run `npm run build` first');
  return readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(m?js|cjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => !relative(out, file).startsWith('renderer'));
}

/** The ways built code may use its own address: the locator, and resolving a dependency. */
const allowedUses = [
  /packageFilesFrom\(\s*fileURLToPath\(import\.meta\.url\)/,
  /createRequire\(import\.meta\.url\)/,
  /new URL\(\s*["'][^"']+\.js["'],\s*import\.meta\.url\)/, // a worker module beside its chunk
];

test('built code finds package files only through the locator', () => {
  const offenders: string[] = [];
  for (const file of builtNodeFiles()) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.includes('import.meta.url') && !/\b__dirname\b/.test(line)) return;
      if (allowedUses.some((use) => use.test(line))) return;
      offenders.push(`${relative(root, file)}:${i + 1}: ${line.trim().slice(0, 160)}`);
    });
  }
  expect(offenders, 'use packageFiles()/resourcePath() from core/package-files.ts instead').toEqual([]);
});

test('no built file names the folder it was built in', () => {
  const named = builtNodeFiles().filter((file) => readFileSync(file, 'utf8').includes(root));
  expect(named.map((file) => relative(root, file))).toEqual([]);
});

test('the locator knows each layout: sources, out/, an installed package, a packaged app', () => {
  expect(packageFilesFrom(join(root, 'core', 'package-files.ts'))).toMatchObject({
    layout: 'source',
    root,
    resources: join(root, 'resources'),
    privilegedEntry: join(out, 'write', 'privileged.js'),
  });
  const chunk = builtNodeFiles().find((file) => file.includes(`${join('out', 'chunks')}`)) ?? '';
  expect(packageFilesFrom(chunk)).toMatchObject({
    layout: 'built',
    root,
    resources: join(root, 'resources'),
  });
  const resources = '/opt/Sourcery Flasher/resources';
  expect(packageFilesFrom(`${resources}/app.asar/out/chunks/x.js`, resources)).toEqual({
    layout: 'packaged',
    root: `${resources}/app.asar`,
    resources,
    privilegedEntry: `${resources}/app.asar.unpacked/out/write/privileged.js`,
    workers: `${resources}/app.asar.unpacked/out/workers`,
  });
  // The privileged writer and the worker threads run from the unpacked copy, perhaps as plain Node.
  expect(packageFilesFrom(`${resources}/app.asar.unpacked/out/write/privileged.js`)).toEqual(
    packageFilesFrom(`${resources}/app.asar/out/chunks/x.js`, resources),
  );
});

test('each worker thread is built beside the entries, and the locator finds it in every layout', () => {
  const names = Object.keys(workerSources) as WorkerName[];
  expect(names.sort()).toEqual(['io-thread', 'sha256']);
  const chunk = builtNodeFiles().find((file) => file.includes(`${join('out', 'chunks')}`)) ?? '';
  const resources = '/opt/Sourcery Flasher/resources';
  for (const name of names) {
    expect(workerEntry(name, packageFilesFrom(join(root, 'core', 'package-files.ts')))).toBe(
      join(root, workerSources[name]),
    );
    expect(existsSync(join(root, workerSources[name]))).toBe(true);
    const built = workerEntry(name, packageFilesFrom(chunk));
    expect(built).toBe(join(out, 'workers', `${name}.js`));
    expect(existsSync(built)).toBe(true);
    expect(workerEntry(name, packageFilesFrom(`${resources}/app.asar/out/chunks/x.js`, resources))).toBe(
      `${resources}/app.asar.unpacked/out/workers/${name}.js`,
    );
  }
});
