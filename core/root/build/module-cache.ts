// Module downloads for sources that do not vendor: the host's module cache is asked first (as a file://
// proxy, so a machine offline still builds what it has), then whatever GOPROXY the user set.

import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appError, EngineError } from '../../errors';

/** The host's module cache and proxy list, as its go reports them. */
export async function hostModuleCache(
  go: string,
  signal?: AbortSignal,
): Promise<{ modcache: string; proxy: string }> {
  const run = await execa(go, ['env', 'GOMODCACHE', 'GOPROXY'], {
    reject: false,
    ...(signal ? { cancelSignal: signal } : {}),
  });
  const [modcache = '', proxy = ''] = String(run.stdout ?? '').split('\n');
  return { modcache: modcache.trim(), proxy: proxy.trim() || 'https://proxy.golang.org,direct' };
}

/** GOPROXY for `go mod download`: the host's module cache first, then the user's proxies. */
export async function moduleProxyEnv(go: string, signal?: AbortSignal): Promise<Record<string, string>> {
  const { modcache, proxy } = await hostModuleCache(go, signal);
  const downloads = join(modcache, 'cache', 'download');
  const local = modcache && existsSync(downloads) ? `${pathToFileURL(downloads).href},` : '';
  return { GOPROXY: `${local}${proxy}` };
}

/**
 * Makes a non-vendored source's modules local in the host's module cache before the compile check;
 * a module that cannot be had is named, with the ways out.
 */
export async function downloadModules(
  go: string,
  dir: string,
  source: string,
  signal?: AbortSignal,
): Promise<string> {
  const { modcache } = await hostModuleCache(go, signal);
  const run = await execa(go, ['mod', 'download'], {
    cwd: dir,
    env: {
      GOFLAGS: '-mod=mod',
      CGO_ENABLED: '0',
      GOTOOLCHAIN: 'local',
      GOWORK: 'off',
      ...(await moduleProxyEnv(go, signal)),
    },
    extendEnv: true,
    reject: false,
    ...(signal ? { cancelSignal: signal } : {}),
  });
  if (signal?.aborted) throw signal.reason;
  if (!run.failed) return modcache;
  const stderr = String(run.stderr ?? '');
  const module = /(?:^|\s)([\w.~-]+(?:\/[\w.~+-]+)*@v[\w.+-]+)/m.exec(stderr)?.[1];
  throw new EngineError(
    appError(
      'E_ROOT_BUILD',
      `${source} needs ${module ? `the module ${module}` : 'modules'} that ${module ? 'is' : 'are'} neither ` +
        `vendored in it nor in this machine's module cache (${modcache}), and could not be downloaded.`,
      {
        hint:
          'Run `go mod download` in the source once while online (it fills the module cache), or `go mod vendor` ' +
          'and commit vendor/, then build again.',
        cause: stderr.split('\n').slice(-10).join('\n'),
      },
    ),
  );
}
