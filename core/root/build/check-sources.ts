// Everything about a root's sources that can fail is judged before the root is touched: each source is
// fetched into the cache, must have commands, must fit the root's Go (toolchain-fit.ts), and every
// command is compiled for every architecture (compile-check.ts), leaving a warm build cache per arch.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandLeftOut, GoArch } from '../../../contract';
import { appError, EngineError } from '../../errors';
import type { RootEvents } from '../progress';
import { cacheKey } from './cache-key';
import { compileCheck, type CheckSource, type CompileCheckResult } from './compile-check';
import { downloadModules, hostModuleCache } from './module-cache';
import { fetchSource, type FetchedSource, type SourceSpec } from './sources';
import { findCommands } from './stubs';
import { toolchainFit } from './toolchain-fit';

export interface CheckedSource extends FetchedSource {
  /** Command folders relative to the source ("cmds/core/ls"). */
  commands: string[];
}

export interface FetchOptions extends RootEvents {
  cacheDir: string;
  signal?: AbortSignal;
}

/** Fetches every source and refuses, naming the source, one without commands or needing a newer Go. */
export async function fetchAndFit(
  specs: SourceSpec[],
  rootGo: string,
  options: FetchOptions,
): Promise<CheckedSource[]> {
  const checked: CheckedSource[] = [];
  for (const spec of specs) {
    const fetched = await fetchSource(spec, options);
    const commands = await findCommands(fetched.dir, spec.commands);
    if (commands.length === 0) {
      const under = spec.commands?.length ? ` under ${spec.commands.join(', ')}` : '';
      throw new EngineError(
        appError(
          'E_BAD_REQUEST',
          `${spec.repo} has no command to put in a root: no folder${under} whose Go files say \`package main\`` +
            `${fetched.goMod ? '' : ', and no go.mod'}.`,
          { hint: 'Give a Go repository or folder with commands in it (u-root keeps its own in cmds/core).' },
        ),
      );
    }
    const fit = toolchainFit(fetched.goMod, rootGo, spec.repo);
    if (!fit.fits) {
      throw new EngineError(
        appError('E_ROOT_BUILD', `The root's Go is too old for a source. ${fit.message}`, {
          hint: `Build with --go ${fit.needs} or --goroot DIR (a Go ${fit.needs} or later); nothing was written.`,
        }),
      );
    }
    if (fit.warning) options.onLog?.('warn', fit.warning);
    checked.push({ ...fetched, commands });
  }
  return checked;
}

export interface CompileChecksOptions extends RootEvents {
  archs: GoArch[];
  go: string;
  goroot: string;
  /** Identifies the toolchain (goroot.ts); the check's build cache is kept per toolchain and architecture. */
  identity: string;
  cacheDir: string;
  /** Fail when any command does not compile for any architecture. */
  strict?: boolean;
  signal?: AbortSignal;
}

export interface CompileChecks {
  results: CompileCheckResult[];
  leftOut: CommandLeftOut[];
  /** The check's build cache per architecture (the warm cache is taken from it). */
  gocache: Partial<Record<GoArch, string>>;
}

/** Compiles every command for every architecture; with `strict`, any that fails fails the build. */
export async function compileChecks(
  sources: CheckedSource[],
  options: CompileChecksOptions,
): Promise<CompileChecks> {
  let gomodcache = join(options.cacheDir, 'gomod-unused');
  for (const source of sources) {
    if (existsSync(join(source.dir, 'go.mod')) && !existsSync(join(source.dir, 'vendor'))) {
      options.onLog?.('info', `${source.spec.repo}: making its modules local`);
      gomodcache = await downloadModules(options.go, source.dir, source.spec.repo, options.signal);
    }
  }
  if (gomodcache.endsWith('gomod-unused'))
    gomodcache = (await hostModuleCache(options.go)).modcache || gomodcache;
  const checks: CheckSource[] = sources.map((s) => ({
    dir: s.dir,
    commands: s.commands,
    rootDir: `/${s.rootPath}`,
  }));
  const results: CompileCheckResult[] = [];
  const gocache: CompileChecks['gocache'] = {};
  const total = sources.reduce((sum, s) => sum + s.commands.length, 0);
  for (const [index, arch] of options.archs.entries()) {
    options.onProgress?.({
      phase: 'building',
      step: `compile check for ${arch}: ${total} commands`,
      arch,
      bytesDone: index,
      bytesTotal: options.archs.length,
      speed: 0,
    });
    gocache[arch] = join(options.cacheDir, `gocache-${arch}-${cacheKey({ go: options.identity, arch })}`);
    const result = await compileCheck({
      ...options,
      arch,
      gomodcache,
      gocache: gocache[arch],
      sources: checks,
    });
    options.onLog?.(
      result.leftOut.length ? 'warn' : 'info',
      `compile check for ${arch}: ${result.compiled.length} of ${total} commands compiled in ${result.seconds.toFixed(1)} s`,
    );
    for (const left of result.leftOut)
      options.onLog?.('warn', `${arch}: ${left.command} left out (${left.dir}): ${left.reason}`);
    results.push(result);
  }
  const leftOut = results.flatMap((r) => r.leftOut);
  if (options.strict && leftOut.length > 0) {
    const shown = leftOut.slice(0, 6).map((l) => `${l.arch} ${l.command}: ${l.reason}`);
    if (leftOut.length > shown.length) shown.push(`... and ${leftOut.length - shown.length} more`);
    throw new EngineError(
      appError(
        'E_ROOT_BUILD',
        `--strict: ${leftOut.length === 1 ? '1 command build does' : `${leftOut.length} command builds do`} not compile:\n${shown.join('\n')}`,
        {
          hint:
            'Build without --strict to leave these commands out where they do not compile, or fix them ' +
            '(or use a Go the sources support); nothing was written.',
        },
      ),
    );
  }
  return { results, leftOut, gocache };
}
