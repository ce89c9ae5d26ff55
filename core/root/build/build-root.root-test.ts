// The root tier (`npm run test:root`): builds a real root offline from the host's Go for three
// architectures, with a generated local git repository as the command source; then again, cached.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readElfHeader } from '../elf';
import { makeTinyRepo } from '../testing/tiny-repo';
import { buildRoot } from './build-root';

let dir: string;
const archs = ['amd64', 'arm64', 'riscv64'] as const;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-root-build-'));
  await makeTinyRepo(join(dir, 'tiny'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildRoot from the host GOROOT', () => {
  const out = () => join(dir, 'root');
  const logs: string[] = [];

  it('builds a valid three-architecture root with stubs for the repository commands', async () => {
    const result = await buildRoot({
      out: out(),
      archs: [...archs],
      sources: [{ repo: join(dir, 'tiny') }],
      onLog: (_level, message) => logs.push(message),
    });
    if (!result.ok) throw new Error(`${result.error.detail}\n${result.error.cause ?? ''}`);
    expect(result.value.problems).toEqual([]);
    expect(result.value.archs).toEqual([...archs]);
    expect(result.value.goVersion).toMatch(/^go1\.\d+/);
    expect(result.value.commands).toEqual({ amd64: 3, arm64: 3, riscv64: 3 });
    expect(await readFile(join(out(), 'linux_riscv64/bin/hello'), 'utf8')).toBe(
      '#!/linux_riscv64/bin/installcommand #!/src/example.com/tiny/cmds/hello\n',
    );
  });

  it('compiles a command on first use with the root’s own go, then runs it from /ubin', async () => {
    // On this amd64 host the root's amd64 programs run natively; paths are redirected into the test folder.
    const env = {
      ...process.env,
      SOURCERY_UBIN: join(dir, 'ubin'),
      SOURCERY_GO: join(out(), 'linux_amd64/bin/go'),
      SOURCERY_GOROOT: join(out(), 'go'),
      SOURCERY_GOPATH: join(out(), 'src'),
      SOURCERY_GOCACHE: join(dir, 'gocache'),
      PATH: '/usr/bin:/bin',
    };
    execFileSync('mkdir', ['-p', join(dir, 'ubin')]);
    const run = () =>
      execFileSync(
        join(out(), 'linux_amd64/bin/installcommand'),
        [
          `#!${join(out(), 'src/example.com/tiny/cmds/hello')}`,
          join(out(), 'linux_amd64/bin/hello'),
          'world',
        ],
        { env, encoding: 'utf8' },
      );
    expect(run()).toBe('hello from sourcery world\n');
    expect(await readElfHeader(join(dir, 'ubin/hello'))).toMatchObject({ elfClass: 2, machine: 62 });
    expect(run()).toBe('hello from sourcery world\n');
  });

  it('keeps a warm build cache that the target’s build hits: only the command’s own package compiles', async () => {
    // As on the target: the root's go and /go (not the toolchain the check ran with), the sources where
    // the root has them (not the clone the check compiled), installcommand's flags, a writable copy.
    const targetBuild = (gocache: string, binary: string) => {
      const built = spawnSync(
        join(out(), 'linux_amd64/bin/go'),
        ['build', '-trimpath', '-x', '-o', join(dir, binary), '.'],
        {
          cwd: join(out(), 'src/example.com/tiny/cmds/hello'),
          encoding: 'utf8',
          env: {
            PATH: '/usr/bin:/bin',
            HOME: dir,
            GOROOT: join(out(), 'go'),
            GOPATH: join(out(), 'src'),
            GOCACHE: gocache,
            CGO_ENABLED: '0',
            GOFLAGS: '-buildvcs=false',
            GOPROXY: 'off',
            GOTOOLCHAIN: 'local',
          },
        },
      );
      expect(built.status, built.stderr).toBe(0);
      const lines = built.stderr.split('\n');
      return {
        compiled: lines.filter((l) => /\/compile /.test(l)).map((l) => /-p (\S+)/.exec(l)?.[1]),
        linked: lines.filter((l) => l.startsWith('packagefile ')).length,
      };
    };
    const warm = join(dir, 'warm-copy');
    execFileSync('cp', ['-r', join(out(), 'linux_amd64/gocache'), warm]);
    const withCache = targetBuild(warm, 'hello-warm');
    const without = targetBuild(join(dir, 'empty-cache'), 'hello-cold');
    // Only the command's main package compiles again: go build stamps the module's build info into it,
    // which `go list -export` (the check) does not, so its key differs by design; it is the smallest part.
    expect(withCache.compiled, 'compile actions with the warm cache').toEqual(['main']);
    expect(withCache.linked).toBeGreaterThan(10); // fmt and its dependencies, all from the cache
    expect(without.compiled).toEqual(expect.arrayContaining(['runtime', 'fmt', 'main']));
    const hits = without.compiled.length - withCache.compiled.length;
    console.log(
      `warm cache hit rate on the target-like build: ${hits} of ${without.compiled.length} packages ` +
        `from the cache (${without.compiled.length} compiled with no cache, ${withCache.compiled.length} with it)`,
    );
  });

  it('rebuilds from the cache with nothing changed, giving the same tree', async () => {
    const first = await buildRoot({ out: out(), archs: [...archs], sources: [{ repo: join(dir, 'tiny') }] });
    const lines: string[] = [];
    const again = await buildRoot({
      out: out(),
      archs: [...archs],
      sources: [{ repo: join(dir, 'tiny') }],
      onLog: (_level, message) => lines.push(message),
    });
    if (!first.ok || !again.ok) throw new Error('rebuild failed');
    expect(again.value.treeHash).toBe(first.value.treeHash);
    for (const arch of archs) expect(lines).toContain(`${arch}: tools from cache, init from cache`);
    expect(lines.find((l) => l.startsWith('/go:'))).toMatch(/: 0 files copied/);
  });
});
