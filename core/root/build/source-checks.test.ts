// Sources judged before a root is touched: toolchain fit, commands present, module paths; the compile
// check's verdicts and first error lines; inspect reporting the same Go mismatch. Real go, real files.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectRoot } from '../inspect';
import { makeRoot } from '../testing/make-root';
import { buildRoot } from './build-root';
import { compileCheck, targetBuildFlags, targetEnv } from './compile-check';
import { parseGoMod } from './go-mod';
import { hostGoroot } from './goroot';
import { moduleRootPath } from './module-path';
import { toolchainFit } from './toolchain-fit';
import { warmEntries } from './warm-cache';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-source-checks-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeTree(root: string, files: Record<string, string>): Promise<string> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

const mod = (go: string, toolchain?: string) =>
  parseGoMod(`module example.com/m\n\ngo ${go}\n${toolchain ? `toolchain ${toolchain}\n` : ''}`);

describe('toolchain fit', () => {
  it('refuses a go line newer than a Go 1.21+ root, and any line an older Go cannot read, naming both and the way out', () => {
    const refused = toolchainFit(mod('1.24.0'), 'go1.19.8', 'u-root');
    expect(refused.fits).toBe(false);
    if (refused.fits) return;
    expect(refused.message).toContain('go 1.24.0');
    expect(refused.message).toContain('go1.19.8');
    expect(refused.message).toContain('--go 1.24.0');
    expect(refused.message).toContain('--goroot DIR');
    expect(toolchainFit(mod('1.23'), 'go1.22.5', 'x').fits).toBe(false);
    expect(toolchainFit(mod('1.21', 'go1.22.1'), 'go1.19.8', 'x').fits).toBe(false);
    expect(toolchainFit(mod('1.22rc1'), 'go1.19.8', 'x').fits).toBe(false);
  });

  it('lets a Go before 1.21 try a newer two-part go line (with a warning), and passes what fits', () => {
    const tried = toolchainFit(mod('1.21'), 'go1.19.8', 'u-root');
    expect(tried).toMatchObject({ fits: true });
    expect(tried.fits && tried.warning).toContain('compile check');
    expect(toolchainFit(mod('1.21', 'go1.22.1'), 'go1.22.0', 'x')).toEqual({ fits: true });
    expect(toolchainFit(mod('1.17'), 'go1.19.8', 'x')).toEqual({ fits: true });
    expect(toolchainFit(null, 'go1.19.8', 'x')).toEqual({ fits: true });
  });
});

describe('module paths', () => {
  it('places a module at its path and refuses one that would leave /src or take the root’s own folders', () => {
    expect(moduleRootPath(parseGoMod('module "github.com/u-root/u-root" // c\n'), 's')).toBe(
      'src/github.com/u-root/u-root',
    );
    expect(moduleRootPath(parseGoMod('go 1.17\n'), 's')).toBeNull();
    for (const bad of ['../etc', 'a/../../b', 'pkg/mod', 'local/x', 'a/./b', 'x/.git', 'a/b.'])
      expect(() => moduleRootPath(parseGoMod(`module ${bad}\n`), 's'), bad).toThrow(/module path/);
  });
});

describe('bad sources are refused before anything is written', () => {
  it('a module whose go.mod says go 1.24.0, with the host Go 1.19', async () => {
    const source = await writeTree(join(dir, 'new-go'), {
      'go.mod': 'module example.com/newgo\n\ngo 1.24.0\n',
      'cmds/hi/main.go': 'package main\n\nfunc main() {}\n',
    });
    const out = join(dir, 'out-new-go');
    const built = await buildRoot({
      out,
      archs: ['amd64'],
      sources: [{ repo: source }],
      cacheDir: join(dir, 'cache'),
    });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.error.code).toBe('E_ROOT_BUILD');
    expect(built.error.detail).toMatch(/go 1\.24\.0.*go1\.19/s);
    expect(built.error.hint).toContain('--go 1.24.0');
    expect(existsSync(out)).toBe(false);
  });

  it('a folder with no go.mod and no package main', async () => {
    const source = await writeTree(join(dir, 'no-commands'), { 'lib/lib.go': 'package lib\n' });
    const out = join(dir, 'out-no-commands');
    const built = await buildRoot({
      out,
      archs: ['amd64'],
      sources: [{ repo: source }],
      cacheDir: join(dir, 'cache'),
    });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.error.code).toBe('E_BAD_REQUEST');
    expect(built.error.detail).toContain('package main');
    expect(built.error.detail).toContain('no go.mod');
    expect(existsSync(out)).toBe(false);
  });
});

describe('compile check', () => {
  it('compiles what builds, lists what does not with its first error line, and names the needed cache entries', async () => {
    const source = await writeTree(join(dir, 'mixed'), {
      'go.mod': 'module example.com/mixed\n\ngo 1.17\n',
      'cmds/good/main.go': 'package main\n\nfunc main() { println("good") }\n',
      'cmds/broken/main.go': 'package main\n\nfunc main() { x := 1 }\n',
      'cmds/usesbad/main.go': 'package main\n\nimport "example.com/mixed/lib"\n\nfunc main() { lib.F() }\n',
      'lib/lib.go': 'package lib\n\nfunc F() int { return "s" }\n',
    });
    const goroot = await hostGoroot();
    // Kept between runs: the runtime compiles once per machine, not once per test run.
    const gocache = join(tmpdir(), 'sf-test-gocache');
    const result = await compileCheck({
      arch: 'amd64',
      go: join(goroot, 'bin', 'go'),
      goroot,
      gomodcache: join(dir, 'modcache'),
      gocache,
      sources: [
        {
          dir: source,
          commands: ['cmds/broken', 'cmds/good', 'cmds/usesbad'],
          rootDir: '/src/example.com/mixed',
        },
      ],
    });
    expect(result.compiled).toEqual(['/src/example.com/mixed/cmds/good']);
    const reasons = Object.fromEntries(result.leftOut.map((l) => [l.command, l.reason]));
    expect(reasons.broken).toMatch(/main\.go:3:\d+: x declared but not used/);
    expect(reasons.usesbad).toMatch(/^example\.com\/mixed\/lib: .*lib\.go:3:\d+: cannot use "s"/);
    expect(
      result.leftOut.every((l) => l.arch === 'amd64' && l.dir.startsWith('/src/example.com/mixed/cmds/')),
    ).toBe(true);
    // The outputs of good and everything it needs (runtime at least), and their index entries.
    expect(result.outputs.size).toBeGreaterThan(5);
    const keep = await warmEntries(gocache, result.outputs);
    expect([...keep].filter((e) => e.endsWith('-a')).length).toBeGreaterThanOrEqual(result.outputs.size);
    expect([...keep].every((e) => existsSync(join(gocache, e)))).toBe(true);
    // A cache of only those entries serves a `go build` as the target runs it, from another folder:
    // nothing compiles but good's own main package (go stamps build info into it; the check does not).
    const warm = join(dir, 'warm-only');
    for (const entry of keep) await cp(join(gocache, entry), join(warm, entry));
    const moved = join(dir, 'moved');
    await cp(source, moved, { recursive: true });
    const env = { ...targetEnv('amd64', goroot, join(dir, 'modcache'), warm), PATH: process.env.PATH ?? '' };
    const built = spawnSync(
      join(goroot, 'bin', 'go'),
      ['build', ...targetBuildFlags, '-x', '-o', join(dir, 'good'), '.'],
      {
        cwd: join(moved, 'cmds/good'),
        env,
        encoding: 'utf8',
      },
    );
    expect(built.status, built.stderr).toBe(0);
    const compiled = built.stderr
      .split('\n')
      .filter((l) => /\/compile /.test(l))
      .map((l) => /-p (\S+)/.exec(l)?.[1]);
    expect(compiled).toEqual(['main']);
  });
});

describe('inspect', () => {
  it('reports a source whose go.mod needs a newer Go than /go, as the build does', async () => {
    const root = join(dir, 'inspected');
    await makeRoot(root);
    await writeFile(join(root, 'src/local/tiny/go.mod'), 'module example.com/tiny\n\ngo 1.24.0\n');
    const inspected = await inspectRoot(root);
    if (!inspected.ok) throw new Error(inspected.error.detail);
    const problem = inspected.value.problems.find((p) => p.path === '/src/local/tiny/go.mod');
    expect(problem?.problem).toMatch(/go 1\.24\.0.*go1\.19\.8.*--go 1\.24\.0/s);
    expect(await readdir(root)).not.toContain('gocache');
  });
});
