import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTinyRepo } from '../testing/tiny-repo';
import { clonedToolchain, gorootInclude } from './goroot';
import { installHint } from './host-tools';
import { prepareSource, rootPathFor } from './sources';
import { findCommands, writeStubs } from './stubs';
import { syncCopy } from './sync-copy';
import { claimOutput } from '../output-folder';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-build-steps-'));
  process.env.XDG_CACHE_HOME = join(dir, 'xdg'); // records of folders we made stay in the test
});
afterEach(async () => {
  delete process.env.XDG_CACHE_HOME;
  await rm(dir, { recursive: true, force: true });
});

describe('command sources', () => {
  it('places repositories GOPATH-style', () => {
    expect(rootPathFor('https://github.com/u-root/u-root')).toBe('src/github.com/u-root/u-root');
    expect(rootPathFor('https://github.com/u-root/u-root.git')).toBe('src/github.com/u-root/u-root');
    expect(rootPathFor('git@github.com:u-root/u-root.git')).toBe('src/github.com/u-root/u-root');
    expect(rootPathFor('/home/me/tiny/')).toBe('src/local/tiny');
  });

  it('clones a local git repository at a tag, places it at its module path and writes one stub per command', async () => {
    await makeTinyRepo(join(dir, 'tiny'));
    const out = await claimOutput(join(dir, 'root'));
    await mkdir(join(out, 'linux_arm64/bin'), { recursive: true });
    const options = { out, cacheDir: join(dir, 'cache'), go: 'go' };
    const prepared = await prepareSource({ repo: join(dir, 'tiny'), ref: 'v1.0.0' }, options);
    // A source with a go.mod lands at its module path, as upstream sourcery puts u-root.
    expect(prepared.rootPath).toBe('src/example.com/tiny');
    expect(prepared.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(await readFile(join(out, 'src/example.com/tiny/greet/greet.go'), 'utf8')).toContain(
      'package greet',
    );
    expect(await findCommands(join(out, prepared.rootPath))).toEqual(['cmds/hello', 'cmds/hi', 'cmds/sum']);
    const warnings: string[] = [];
    expect(await writeStubs(out, 'arm64', [prepared, prepared], (m) => warnings.push(m))).toBe(3);
    expect(await readFile(join(out, 'linux_arm64/bin/sum'), 'utf8')).toBe(
      '#!/linux_arm64/bin/installcommand #!/src/example.com/tiny/cmds/sum\n',
    );
    expect(warnings).toHaveLength(3); // the second copy's commands collide with the first's
  });
});

describe('syncCopy', () => {
  it('follows symlinks, skips unchanged files, prunes removed ones and respects the filter', async () => {
    await mkdir(join(dir, 'real/sub'), { recursive: true });
    await mkdir(join(dir, 'from/skip'), { recursive: true });
    await writeFile(join(dir, 'real/sub/a.go'), 'a');
    await writeFile(join(dir, 'from/b.go'), 'b');
    await writeFile(join(dir, 'from/skip/c'), 'c');
    await symlink(join(dir, 'real/sub'), join(dir, 'from/src'));
    const to = await claimOutput(join(dir, 'to'));
    const include = (rel: string) => rel !== 'skip';
    const first = await syncCopy(join(dir, 'from'), to, { include, root: to });
    expect(first.copied).toBe(2);
    expect(await readFile(join(dir, 'to/src/a.go'), 'utf8')).toBe('a');
    const second = await syncCopy(join(dir, 'from'), to, { include, root: to });
    expect(second).toMatchObject({ copied: 0, skipped: 2 });
    await rm(join(dir, 'from/b.go'));
    await writeFile(join(dir, 'real/sub/a.go'), 'changed');
    await utimes(join(dir, 'real/sub/a.go'), new Date(2e12), new Date(2e12));
    const third = await syncCopy(join(dir, 'from'), to, { include, root: to });
    expect(third.copied).toBe(1);
    expect(await readFile(join(dir, 'to/src/a.go'), 'utf8')).toBe('changed');
    expect(execFileSync('find', [join(dir, 'to'), '-type', 'f'], { encoding: 'utf8' }).trim()).toBe(
      join(dir, 'to/src/a.go'),
    );
  });

  it('leaves out what /go does not need', () => {
    const include = gorootInclude(['arm64']);
    expect(
      ['src/fmt', 'pkg/include', 'pkg/tool', 'pkg/tool/linux_amd64', 'bin', 'VERSION'].every(include),
    ).toBe(true);
    expect(['test', 'pkg/linux_amd64', 'pkg/tool/linux_arm64', '.git'].some(include)).toBe(false);
  });
});

describe('a Go toolchain cloned at a tag', () => {
  it('clones the tag and runs make.bash with GOROOT_FINAL=/go, CGO_ENABLED=0 and a bootstrap', async () => {
    // A stand-in for go.googlesource.com: a local repository whose make.bash records how it was run.
    const repo = join(dir, 'go-repo');
    await mkdir(join(repo, 'src'), { recursive: true });
    await writeFile(join(repo, 'VERSION'), 'go1.99.1\n');
    await writeFile(
      join(repo, 'src/make.bash'),
      'mkdir -p ../bin && echo "$GOROOT_FINAL $CGO_ENABLED $GOROOT_BOOTSTRAP $(git describe --tags)" > ../bin/go\n',
    );
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
        stdio: 'pipe',
      });
    git('init', '--quiet');
    git('add', '.');
    git('commit', '--quiet', '-m', 'go');
    git('tag', 'go1.99.1');
    const toolchain = await clonedToolchain({
      version: '1.99.1',
      repo: `file://${repo}`,
      bootstrap: '/usr/lib/go-boot',
      cacheDir: join(dir, 'cache'),
    });
    expect(toolchain.version).toBe('go1.99.1');
    expect(toolchain.identity).toMatch(/@[0-9a-f]{40}$/);
    expect((await readFile(toolchain.go, 'utf8')).trim()).toBe('/go 0 /usr/lib/go-boot go1.99.1');
    const missing = clonedToolchain({
      version: '1.0',
      repo: `file://${repo}`,
      bootstrap: '/x',
      cacheDir: join(dir, 'cache'),
    });
    await expect(missing).rejects.toMatchObject({ appError: { code: 'E_ROOT_BUILD' } });
  });
});

describe('installHint', () => {
  it('names the package manager command for this OS', () => {
    expect(installHint('go', 'linux', 'ID=debian\n')).toBe('sudo apt-get install golang-go');
    expect(installHint('git', 'linux', 'ID="fedora"\n')).toBe('sudo dnf install git');
    expect(installHint('zstd', 'darwin', '')).toBe('brew install zstd');
  });
});
