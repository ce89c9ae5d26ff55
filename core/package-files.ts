// Where the package's own files are, in every layout it runs from: the sources through tsx, the
// built out/, an installed npm package, and a packaged Electron app (resources beside app.asar).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageName = 'sourcery-flasher';

/** How the running code was installed. */
export type Layout = 'source' | 'built' | 'packaged';

export interface PackageFiles {
  layout: Layout;
  /** The folder that holds our package.json (inside app.asar when packaged). */
  root: string;
  /** What `resources/` holds in a checkout: go/, polkit/ (and syslinux-payload/ when packaged). */
  resources: string;
  /** The built privileged writer; elevated code is always built JavaScript, never TypeScript. */
  privilegedEntry: string;
  /** The folder of the built worker threads (out/workers; unpacked beside app.asar when packaged). */
  workers: string;
}

/** The worker threads: typed modules, each built by Vite to out/workers/<name>.js (vite.node.config.ts). */
export const workerSources = {
  'io-thread': 'core/io/io-thread.worker.ts',
  sha256: 'core/root/download/sha256.worker.ts',
} as const;

export type WorkerName = keyof typeof workerSources;

function isOurPackage(dir: string): boolean {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === packageName;
  } catch {
    return false;
  }
}

/** The package folder above `from`: the first package.json named sourcery-flasher. */
function packageRootAbove(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (isOurPackage(dir)) return dir;
    if (dirname(dir) === dir) throw new Error(`${packageName}: no package.json of ours above ${from}`);
  }
}

/** Works the layout out from where a module of ours sits (exported for tests of each layout). */
export function packageFilesFrom(moduleFile: string, resourcesPath?: string): PackageFiles {
  // The privileged writer and the worker threads run from app.asar.unpacked, where Node (not
  // Electron) may not say where resources are: the folder that holds the archive is that place.
  const packed = moduleFile.indexOf(`${sep}app.asar.unpacked${sep}`);
  if (packed >= 0) resourcesPath ??= moduleFile.slice(0, packed);
  if (resourcesPath && (packed >= 0 || moduleFile.includes(`${sep}app.asar${sep}`))) {
    // electron-builder: out/ inside app.asar, out/write, out/chunks and out/workers unpacked beside
    // it, and extraResources (go/, polkit/, syslinux-payload/) straight in the resources folder.
    return {
      layout: 'packaged',
      root: join(resourcesPath, 'app.asar'),
      resources: resourcesPath,
      privilegedEntry: join(resourcesPath, 'app.asar.unpacked', 'out', 'write', 'privileged.js'),
      // Unpacked (electron-builder.yml asarUnpack): a worker thread's file is opened by Node itself.
      workers: join(resourcesPath, 'app.asar.unpacked', 'out', 'workers'),
    };
  }
  const root = packageRootAbove(dirname(moduleFile));
  return {
    layout: moduleFile.endsWith('.ts') ? 'source' : 'built',
    root,
    resources: join(root, 'resources'),
    privilegedEntry: join(root, 'out', 'write', 'privileged.js'),
    workers: join(root, 'out', 'workers'),
  };
}

/** A worker thread's entry: its TypeScript source when we run from source, else its built file. */
export const workerEntry = (name: WorkerName, files: PackageFiles = packageFiles()): string =>
  files.layout === 'source' ? join(files.root, workerSources[name]) : join(files.workers, `${name}.js`);

let cached: PackageFiles | undefined;

/** This process's package files (computed once). */
export function packageFiles(): PackageFiles {
  cached ??= packageFilesFrom(
    fileURLToPath(import.meta.url),
    (process as { resourcesPath?: string }).resourcesPath,
  );
  return cached;
}

/** A file or folder under resources/ (Go sources, the polkit policy, a packaged boot payload). */
export const resourcePath = (...segments: string[]): string => join(packageFiles().resources, ...segments);
