// Builds one of our static Go programs for an architecture, cached by a hash of its sources.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { appError, fail, ok, type Result } from '../../contract';
import type { GoArch } from '../../contract/boot';
import { cacheDir } from '../cache-dir';
import { resourcePath } from '../package-files';

/** resources/go/<program>, wherever the package is installed. */
export const goSource = (program: 'stage0' | 'testinit') => resourcePath('go', program);

async function sourceHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const name of (await readdir(dir)).sort()) {
    if (!/\.(go|mod)$/.test(name)) continue;
    hash
      .update(name)
      .update('\0')
      .update(await readFile(join(dir, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Path of the built binary; builds it with `go build` only when the sources changed. */
export async function buildGo(
  source: string,
  arch: GoArch,
  options: { cacheRoot?: string } = {},
): Promise<Result<string>> {
  const root = options.cacheRoot ?? cacheDir('go-build');
  const out = join(root, `${source.split('/').pop() ?? 'prog'}-${await sourceHash(source)}-${arch}`);
  if (
    await stat(out).then(
      () => true,
      () => false,
    )
  )
    return ok(out);
  await mkdir(root, { recursive: true });
  const partial = `${out}.partial-${process.pid}`;
  const env = { ...process.env, CGO_ENABLED: '0', GOOS: 'linux', GOARCH: arch, GOFLAGS: '-mod=mod' };
  const error = await new Promise<Error | undefined>((resolve) =>
    execFile(
      'go',
      ['build', '-trimpath', '-ldflags=-s -w', '-o', partial, '.'],
      { cwd: source, env },
      (e, _o, stderr) => resolve(e ? Object.assign(e, { message: `${e.message}\n${stderr}` }) : undefined),
    ),
  );
  if (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return fail(
      appError(missing ? 'E_TOOL_MISSING' : 'E_INTERNAL', `Building ${source} for ${arch} with go failed.`, {
        hint: missing
          ? 'Install Go (apt-get install golang-go) and try again.'
          : 'Please report it with the log.',
        cause: error.message,
      }),
    );
  }
  await rename(partial, out);
  return ok(out);
}
