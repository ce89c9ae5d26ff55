// What paths a bridge caller (the renderer, or whoever holds the bridge token: untrusted) may hand
// the root handlers (F7). The command line calls core directly and is trusted with any path.
//
// - `out` (rootBuild, rootFetch, rootOpen): inside the app's roots folder, so a caller can never make
//   ~/.config/autostart, ~/bin or any other folder that runs code; plus core's rule everywhere: new,
//   empty, or a root Sourcery Flasher made.
// - `goroot`: a real Go installation, its `bin/go` owned by root or this user and writable by no one
//   else, outside every folder a caller can fill (data, cache, roots): never a binary it extracted.
// - local `sources`: not in those folders either (their .git could be anyone's), and no hidden or
//   system folder (~/.ssh, ~/.gnupg, /etc): their contents would go onto a stick.
// - `rootInspect.dir`, `rootOpen.path`: the same reading rule; the walk itself is capped (walk.ts).
// Paths the user picked in a native dialog (issue 19) are let through by `PathGrants`.

import { lstat, mkdir, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { appError, EngineError } from '../errors';
import { cacheHome } from '../root/paths';

/** Paths the user chose in main's own file dialog (core/service/grants.ts), asked per use. */
export interface PathGrants {
  picked(path: string, use: 'out' | 'source' | 'read'): boolean;
}

export const noGrants: PathGrants = { picked: () => false };

const within = (parent: string, child: string) => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** Top folders whose contents are the system's, never a root's or a user's sources. */
const systemTops = ['/etc', '/root', '/proc', '/sys', '/dev', '/run', '/var', '/boot'];

function refuse(path: string, why: string, hint: string): never {
  throw new EngineError(appError('E_PATH_REFUSED', `${path.slice(0, 500)} ${why}.`, { hint }));
}

/** The real path of `path`, or of its nearest existing ancestor with the rest appended. */
async function realish(path: string): Promise<string> {
  const missing: string[] = [];
  let at = path;
  for (;;) {
    const real = await realpath(at).catch(() => null);
    if (real) return join(real, ...missing.reverse());
    const parent = resolve(at, '..');
    if (parent === at) return path;
    missing.push(at.slice(parent.length).replace(/^[/\\]+/, ''));
    at = parent;
  }
}

export interface RootPathPolicy {
  /** Checks an output folder; resolves with the absolute path to use. */
  out(path: string): Promise<string>;
  goroot(path: string): Promise<string>;
  localSource(path: string): Promise<string>;
  /** A folder or archive to read (rootInspect, rootOpen). */
  readable(path: string): Promise<string>;
}

export function bridgePathPolicy(dataDir: string, grants: PathGrants = noGrants): RootPathPolicy {
  const rootsDir = resolve(dataDir, 'roots');
  /** Folders a bridge caller can fill with files of its choosing (extractions, clones, downloads). */
  const fillable = async () => [await realish(resolve(dataDir)), await realish(cacheHome())];

  const absolute = (path: string, what: string) => {
    if (!isAbsolute(path)) refuse(path, `is not an absolute path`, `Give the full path of the ${what}.`);
    return resolve(path); // ".." resolved before any check
  };

  /** No hidden folder (a "." name) and no system folder anywhere along the real path. */
  const privateProblem = (real: string): string | undefined => {
    if (systemTops.some((top) => within(top, real)) || real === sep) return 'is a system folder';
    const home = homedir();
    if (real === home) return 'is the whole home folder';
    if (real.split(sep).some((segment) => segment.startsWith('.'))) return 'is in a hidden folder';
    return undefined;
  };

  return {
    async out(path) {
      const dir = absolute(path, 'output folder');
      if (grants.picked(dir, 'out')) return dir;
      await mkdir(rootsDir, { recursive: true });
      const real = await realish(dir);
      if (!within(await realpath(rootsDir), real) || real === (await realpath(rootsDir)))
        refuse(
          dir,
          `is outside ${rootsDir}`,
          `The app keeps the roots it makes in ${rootsDir}; choose a folder there, or use the sourcery-flash command line for another place.`,
        );
      return dir;
    },
    async goroot(path) {
      const dir = absolute(path, 'Go installation');
      const real = await realpath(dir).catch(() =>
        refuse(dir, 'does not exist', 'Give the folder `go env GOROOT` prints.'),
      );
      const hint =
        'Give an installed Go (the folder `go env GOROOT` prints), or leave it empty for the host’s.';
      for (const place of await fillable()) if (within(place, real)) refuse(dir, `is inside ${place}`, hint);
      const go = await lstat(join(real, 'bin', 'go')).catch(() => null);
      const uid = process.getuid?.() ?? 0;
      if (!go?.isFile()) refuse(dir, 'has no bin/go program', hint);
      if (go.uid !== 0 && go.uid !== uid) refuse(dir, 'has a bin/go owned by another user', hint);
      if (go.mode & 0o022) refuse(dir, 'has a bin/go that others may change', hint);
      if (!(await stat(join(real, 'src')).catch(() => null))?.isDirectory())
        refuse(dir, 'has no src folder, so it is not a Go installation', hint);
      return real;
    },
    async localSource(path) {
      const dir = absolute(path, 'source folder');
      if (grants.picked(dir, 'source')) return dir;
      const real = await realish(dir);
      const hint = 'Give a git URL, or a folder of your own sources outside hidden and system folders.';
      for (const place of await fillable()) if (within(place, real)) refuse(dir, `is inside ${place}`, hint);
      const problem = privateProblem(real);
      if (problem) refuse(dir, problem, hint);
      return dir;
    },
    async readable(path) {
      const dir = absolute(path, 'root');
      if (grants.picked(dir, 'read')) return dir;
      const real = await realish(dir);
      for (const place of await fillable()) if (within(place, real)) return dir; // our own roots
      const problem = privateProblem(real);
      if (problem) refuse(dir, problem, 'Choose a root folder or archive of your own.');
      return dir;
    },
  };
}
