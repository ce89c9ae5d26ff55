// Proves every stub's command compiles for an architecture: one `go list -e -export -deps` per source
// compiles all its commands and their dependencies at once (no linking), offline, with the root's Go
// and the very flags installcommand uses on the target, into a Go build cache that is kept (warm-cache.ts).

import { execa } from 'execa';
import { join } from 'node:path';
import type { CommandLeftOut, GoArch } from '../../../contract';
import { appError, EngineError } from '../../errors';
import type { RootEvents } from '../progress';

/** The flags installcommand builds with (resources/go/installcommand): the cache only hits if they agree. */
export const targetBuildFlags = ['-trimpath'];

/** Environment for building as the target does: offline, no cgo, no VCS stamps, no user settings. */
export function targetEnv(
  arch: GoArch,
  goroot: string,
  gomodcache: string,
  gocache: string,
): Record<string, string> {
  return {
    GOROOT: goroot,
    GOPATH: join(gocache, '..', 'gopath'),
    GOMODCACHE: gomodcache,
    GOCACHE: gocache,
    GOOS: 'linux',
    GOARCH: arch,
    CGO_ENABLED: '0',
    GOFLAGS: '-buildvcs=false',
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    GOWORK: 'off',
    GOENV: 'off',
    GO111MODULE: '',
    GOAMD64: '',
    GOARM64: '',
    GORISCV64: '',
    GOEXPERIMENT: '',
  };
}

export interface CheckSource {
  /** The source's folder in the root being built (where go.mod is). */
  dir: string;
  /** Its command folders, relative to `dir` ("cmds/core/ls"). */
  commands: string[];
  /** The folder as the target sees it ("/src/github.com/u-root/u-root"), for messages. */
  rootDir: string;
}

export interface CompileCheckOptions extends RootEvents {
  arch: GoArch;
  /** The go command and the GOROOT it runs with (the root's /go). */
  go: string;
  goroot: string;
  /** The module cache holding the modules of sources that do not vendor them. */
  gomodcache: string;
  /** The Go build cache to fill. */
  gocache: string;
  sources: CheckSource[];
  signal?: AbortSignal;
}

export interface CompileCheckResult {
  arch: GoArch;
  /** Command folders (root paths, "/src/.../cmds/core/ls") that compiled. */
  compiled: string[];
  leftOut: CommandLeftOut[];
  /** Cache files (the "-d" outputs) of every package the compiled commands need. */
  outputs: Set<string>;
  seconds: number;
}

interface ListedPackage {
  ImportPath: string;
  Dir?: string;
  Name?: string;
  Export?: string;
  Deps?: string[];
  Error?: { Err: string };
  DepsErrors?: { Err: string }[];
}

/** `go list -json` prints objects one after another; splits them. */
function parseObjects(text: string): ListedPackage[] {
  const objects: ListedPackage[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' && depth++ === 0) start = i;
    else if (c === '}' && --depth === 0) objects.push(JSON.parse(text.slice(start, i + 1)) as ListedPackage);
  }
  return objects;
}

/** Compiler output: "# import/path" then its error lines; the first line per package. */
function firstErrors(stderr: string): Map<string, string> {
  const errors = new Map<string, string>();
  let current: string | null = null;
  for (const line of stderr.split('\n')) {
    const header = /^# (\S+)/.exec(line);
    if (header) current = header[1] ?? null;
    else if (current && line.trim() && !errors.has(current)) errors.set(current, line.trim());
  }
  return errors;
}

const firstLine = (text: string) =>
  text
    .split('\n')
    .find((l) => l.trim())
    ?.trim() ?? text;

/** Why a command did not compile: its own first error, else its first failed dependency's. */
function whyLeftOut(
  pkg: ListedPackage,
  byPath: Map<string, ListedPackage>,
  errors: Map<string, string>,
): string {
  const own = errors.get(pkg.ImportPath);
  if (own) return own;
  if (pkg.Error) return firstLine(pkg.Error.Err);
  const depError = pkg.DepsErrors?.[0];
  if (depError) return firstLine(depError.Err);
  for (const dep of pkg.Deps ?? []) {
    const error =
      errors.get(dep) ?? (byPath.get(dep)?.Error ? firstLine(byPath.get(dep)?.Error?.Err ?? '') : null);
    if (error) return `${dep}: ${error}`;
  }
  return 'did not compile (the go command gave no reason)';
}

async function checkOne(source: CheckSource, options: CompileCheckOptions, result: CompileCheckResult) {
  if (source.commands.length === 0) return;
  const env = targetEnv(options.arch, options.goroot, options.gomodcache, options.gocache);
  const fields = 'ImportPath,Dir,Name,Export,Deps,Error,DepsErrors';
  const patterns = source.commands.map((c) => `./${c}`);
  const run = await execa(
    options.go,
    ['list', '-e', '-export', '-deps', ...targetBuildFlags, `-json=${fields}`, '--', ...patterns],
    {
      cwd: source.dir,
      env,
      extendEnv: true,
      reject: false,
      maxBuffer: 256 * 1024 * 1024,
      ...(options.signal ? { cancelSignal: options.signal } : {}),
    },
  );
  if (options.signal?.aborted) throw options.signal.reason;
  const listed = parseObjects(String(run.stdout ?? ''));
  if (listed.length === 0) {
    const tail = String(run.stderr ?? run.shortMessage ?? '')
      .split('\n')
      .slice(-20)
      .join('\n');
    throw new EngineError(
      appError('E_ROOT_BUILD', `The compile check for ${options.arch} could not list ${source.rootDir}`, {
        cause: tail,
      }),
    );
  }
  const byPath = new Map(listed.map((p) => [p.ImportPath, p]));
  const byDir = new Map(listed.filter((p) => p.Dir).map((p) => [p.Dir as string, p]));
  const errors = firstErrors(String(run.stderr ?? ''));
  for (const command of source.commands) {
    const rootPath = `${source.rootDir}/${command}`;
    const pkg = byDir.get(join(source.dir, command));
    const deps = pkg ? [pkg.ImportPath, ...(pkg.Deps ?? [])].map((d) => byPath.get(d)) : [];
    const failed =
      !pkg || pkg.Name !== 'main' || deps.some((d) => !d || (!d.Export && d.ImportPath !== 'unsafe'));
    if (!failed) {
      result.compiled.push(rootPath);
      for (const dep of deps) if (dep?.Export) result.outputs.add(dep.Export);
      continue;
    }
    const reason = pkg ? whyLeftOut(pkg, byPath, errors) : 'the go command did not list it';
    result.leftOut.push({
      arch: options.arch,
      command: command.split('/').pop() ?? command,
      dir: rootPath,
      reason,
    });
  }
}

/** Compiles every command of `sources` for one architecture; what does not compile is listed, not thrown. */
export async function compileCheck(options: CompileCheckOptions): Promise<CompileCheckResult> {
  const started = performance.now();
  const result: CompileCheckResult = {
    arch: options.arch,
    compiled: [],
    leftOut: [],
    outputs: new Set(),
    seconds: 0,
  };
  for (const source of options.sources) await checkOne(source, options, result);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
