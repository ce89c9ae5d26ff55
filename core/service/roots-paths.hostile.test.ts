// F7: paths from the bridge never make Sourcery Flasher delete, run, copy out or write where it should not.

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack } from 'tar-stream';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayloads, Result } from '../../contract';
import { makeFakeGoroot } from '../root/testing/fake-goroot';
import { makeRoot, tarDir } from '../root/testing/make-root';
import { createHandlers } from './handlers';

let dir: string;
let roots: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-f7-'));
  roots = join(dir, 'data', 'roots');
  process.env.XDG_CACHE_HOME = join(dir, 'xdg');
});
afterEach(async () => {
  delete process.env.XDG_CACHE_HOME;
  await rm(dir, { recursive: true, force: true });
});

const handlers = () =>
  createHandlers({
    emit: <K extends keyof EventPayloads>(_name: K, _payload: EventPayloads[K]) => undefined,
    shell: 'browser',
    dataDir: join(dir, 'data'),
  });

const codeOf = (result: Result<unknown>) => (result.ok ? 'ok' : result.error.code);

/** A stand-in Go outside every folder a caller can fill; the build gets past its steps at once. */
async function goroot(): Promise<string> {
  await makeFakeGoroot(join(dir, 'go-install'));
  return join(dir, 'go-install');
}

describe('F7: output folders from the bridge', () => {
  it('refuses to build into a folder with a user file, and the file survives', async () => {
    const out = join(roots, 'mine');
    await mkdir(join(out, 'go'), { recursive: true });
    await writeFile(join(out, 'go', 'notes.txt'), 'my notes');
    const result = await handlers().rootBuild({
      jobId: 'b',
      out,
      archs: ['amd64'],
      goroot: await goroot(),
      sources: [],
    });
    expect(codeOf(result)).toBe('E_PATH_REFUSED');
    expect(await readFile(join(out, 'go', 'notes.txt'), 'utf8')).toBe('my notes');
  });

  it('refuses to extract into an autostart folder: nothing is written there', async () => {
    const archive = join(dir, 'evil.tar');
    const packer = pack();
    const done = pipeline(packer, createWriteStream(archive));
    packer.entry({ name: 'evil.desktop', mode: 0o755 }, '[Desktop Entry]\nExec=sh -c "touch /tmp/owned"\n');
    packer.finalize();
    await done;
    const autostart = join(dir, 'home', '.config', 'autostart');
    const result = await handlers().rootOpen({ jobId: 'o', path: archive, out: autostart });
    expect(codeOf(result)).toBe('E_PATH_REFUSED');
    expect(existsSync(join(autostart, 'evil.desktop'))).toBe(false);
  });

  it('refuses a download into a folder of the user outside the roots folder', async () => {
    const home = join(dir, 'home', 'bin');
    const result = await handlers().rootFetch({
      jobId: 'f',
      url: 'http://127.0.0.1:9/root.tar',
      sha256: 'a'.repeat(64),
      out: home,
    });
    expect(codeOf(result)).toBe('E_PATH_REFUSED');
    expect(existsSync(home)).toBe(false);
  });

  it('refuses a fetch over a non-empty folder inside the roots folder, and its file survives', async () => {
    await makeRoot(join(dir, 'made'));
    tarDir(join(dir, 'made'), join(dir, 'root.tar'), '');
    const out = join(roots, 'kept');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'keep.txt'), 'mine');
    const result = await handlers().rootOpen({ jobId: 'o2', path: join(dir, 'root.tar'), out });
    expect(codeOf(result)).toBe('E_PATH_REFUSED');
    expect(await readFile(join(out, 'keep.txt'), 'utf8')).toBe('mine');
  });
});

describe('F7: programs and sources from the bridge', () => {
  it('refuses a goroot inside a folder a caller can fill (a root it just extracted): its go never runs', async () => {
    const planted = join(roots, 'extracted');
    const runs = await makeFakeGoroot(planted);
    const result = await handlers().rootBuild({
      jobId: 'g',
      out: join(roots, 'r'),
      archs: ['amd64'],
      goroot: planted,
      sources: [],
    });
    expect(codeOf(result)).toBe('E_PATH_REFUSED');
    expect(existsSync(runs)).toBe(false);
  });

  it('refuses a hidden folder (~/.ssh) as a local source: no key reaches the root', async () => {
    const ssh = join(dir, 'home', '.ssh');
    await mkdir(ssh, { recursive: true });
    await writeFile(join(ssh, 'id_ed25519'), 'PRIVATE KEY');
    const out = join(roots, 'r');
    const result = await handlers().rootBuild({
      jobId: 's',
      out,
      archs: ['amd64'],
      goroot: await goroot(),
      sources: [{ repo: ssh }],
    });
    expect(codeOf(result)).toBe('E_PATH_REFUSED');
    expect(existsSync(join(out, 'src', 'local', '.ssh', 'id_ed25519'))).toBe(false);
  });

  it('refuses a source folder whose link leads to a private file', async () => {
    const project = join(dir, 'home', 'project');
    await mkdir(join(project, 'cmds', 'hi'), { recursive: true });
    await writeFile(join(project, 'cmds', 'hi', 'main.go'), 'package main\n\nfunc main() {}\n');
    await mkdir(join(dir, 'home', '.ssh'), { recursive: true });
    await writeFile(join(dir, 'home', '.ssh', 'id_ed25519'), 'PRIVATE KEY');
    await symlink(join(dir, 'home', '.ssh', 'id_ed25519'), join(project, 'key'));
    const out = join(roots, 'r');
    const result = await handlers().rootBuild({
      jobId: 'l',
      out,
      archs: ['amd64'],
      goroot: await goroot(),
      sources: [{ repo: project }],
    });
    expect(codeOf(result)).toBe('E_PATH_REFUSED');
    expect(existsSync(join(out, 'src', 'local', 'project', 'key'))).toBe(false);
  });

  it('still builds from a plain folder of sources outside hidden and system folders', async () => {
    const project = join(dir, 'home', 'project', 'cmds', 'hi');
    await mkdir(project, { recursive: true });
    await writeFile(join(project, 'main.go'), 'package main\n\nfunc main() {}\n');
    const out = join(roots, 'r');
    const result = await handlers().rootBuild({
      jobId: 'p',
      out,
      archs: ['amd64'],
      goroot: await goroot(),
      sources: [{ repo: join(dir, 'home', 'project') }],
    });
    // The stand-in go makes empty programs, so the root is built but not valid: the paths were accepted.
    expect(codeOf(result), JSON.stringify(result)).toBe('E_ROOT_INVALID');
    expect(existsSync(join(out, 'src', 'local', 'project', 'cmds', 'hi', 'main.go'))).toBe(true);
    expect(existsSync(join(out, 'linux_amd64', 'bin', 'hi'))).toBe(true);
  });

  it('refuses to inspect a system folder', async () => {
    expect(codeOf(await handlers().rootInspect({ dir: '/etc' }))).toBe('E_PATH_REFUSED');
    expect(codeOf(await handlers().rootInspect({ dir: '/root/../etc' }))).toBe('E_PATH_REFUSED');
  });
});
