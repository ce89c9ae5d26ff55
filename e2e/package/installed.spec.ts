// The installed-package tier: `npm pack`, install the tarball into an empty prefix, and run
// `sourcery-flash` from there as a user would, on the real u-root release (../shared/data/).

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fsckImage } from '../../core/image/testing/tools';
import { fetchKernels } from '../boot/stick';
import { installPacked } from '../support/install-packed';

const checkout = join(import.meta.dirname, '..', '..');
const uRoot = join(checkout, '..', 'shared', 'data', 'u-root-v0.14.0.tar.xz');
const uRootSha256 = '00d728ba1dfd1f43f9b9ffc002292075583af5f848fb559a27da3ebd01c4141d';
const work = mkdtempSync(join(tmpdir(), 'sourcery-package-'));
let installed = '';
let command = '';

/** Runs the installed command from an unrelated folder, with the checkout nowhere on its paths. */
function sourceryFlash(...args: string[]) {
  const run = spawnSync(command, args, {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: join(work, 'cache'), NODE_PATH: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const ok = (run: ReturnType<typeof sourceryFlash>, what: string) =>
  assert.equal(run.code, 0, `${what} failed (exit ${run.code}):\n${run.stderr}\n${run.stdout}`);

before(() => {
  assert.ok(existsSync(uRoot), `${uRoot} is missing: the shared data folder must sit beside the checkout`);
  assert.equal(createHash('sha256').update(readFileSync(uRoot)).digest('hex'), uRootSha256);
  execFileSync('tar', ['-xJf', uRoot, '-C', work]);
  ({ dir: installed, command } = installPacked(work));
});
after(() => {
  if (!process.env.KEEP_E2E) rmSync(work, { recursive: true, force: true });
});

test('the package holds what runs and nothing that only development needs', () => {
  const top = readdirSync(installed).sort();
  assert.deepEqual(
    top.filter((name) => name !== 'node_modules'),
    ['README.md', 'bin', 'out', 'package.json', 'resources'],
  );
  const all = readdirSync(installed, { recursive: true }).map(String);
  const own = all.filter((path) => !path.startsWith('node_modules'));
  assert.deepEqual(
    own.filter((path) => /\.(ts|tsx|map)$/.test(path) || /(^|\/)(e2e|bench|docs|scripts)(\/|$)/.test(path)),
    [],
    'sources, maps, tests and tooling stay out of the package',
  );
  const deps = readdirSync(join(installed, 'node_modules'));
  for (const dev of ['tsx', 'vite', 'vitest', 'electron', 'typescript', 'react'])
    assert.ok(!deps.includes(dev), `${dev} is a development dependency but was installed`);
});

test('--help answers from the installed command', () => {
  const run = sourceryFlash('--help');
  ok(run, '--help');
  assert.match(run.stdout, /Usage: sourcery-flash <command>/);
});

test('drives --json lists this machine’s disks with the native drive lister', () => {
  const run = sourceryFlash('drives', '--json');
  ok(run, 'drives --json');
  const drives = JSON.parse(run.stdout) as { device: string; system: boolean }[];
  assert.ok(Array.isArray(drives));
  assert.ok(
    drives.some((d) => d.system),
    'the disk holding / is listed as a system drive',
  );
});

test('root build, compose with boot files, flash to an image file and verify, from the real u-root release', () => {
  const root = join(work, 'root');
  const build = sourceryFlash(
    'root',
    'build',
    '--arch',
    'amd64',
    '--src',
    join(work, 'u-root'),
    '--out',
    root,
  );
  ok(build, 'root build');
  assert.match(build.stdout, /commands:\s+amd64 \d{3}/, 'more than a hundred u-root commands got stubs');
  assert.ok(statSync(join(root, 'linux_amd64', 'bin', 'init')).isFile());

  const kernel = fetchKernels().amd64?.kernel;
  assert.ok(kernel, 'the amd64 Debian kernel package was fetched');
  const image = join(work, 'composed.img');
  const compose = sourceryFlash('compose', '--tree', root, '--kernel', `amd64=${kernel}`, '--out', image);
  ok(compose, 'compose');
  assert.match(compose.stdout, /root=PARTUUID=/);
  const fsck = fsckImage(image, work);
  assert.equal(fsck.code, 0, fsck.output);

  const flashed = join(work, 'flashed.img');
  const flash = sourceryFlash(
    'flash',
    '--tree',
    root,
    '--kernel',
    `amd64=${kernel}`,
    '--drive',
    flashed,
    '--size',
    '1G',
    '--yes',
  );
  ok(flash, 'flash');
  assert.match(flash.stdout, /verified/i);
  ok(sourceryFlash('verify', '--tree', root, '--drive', flashed), 'verify');
});
