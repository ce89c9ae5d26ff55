// `sourcery-flash root` as a user runs it: a real process against real folders, archives and a local server.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFileServer, type FileServer } from '../../core/root/testing/file-server';
import { makeRoot, tarDir } from '../../core/root/testing/make-root';
import { runBuiltCli, runBuiltCliAsync } from '../testing/built-cli';

const scratch = mkdtempSync(join(tmpdir(), 'root-cli-test-'));
const env = { ...process.env, XDG_CACHE_HOME: join(scratch, 'cache') };
let server: FileServer;
let archive: Buffer;

beforeAll(async () => {
  await makeRoot(join(scratch, 'made'));
  tarDir(join(scratch, 'made'), join(scratch, 'root.tar.zst'), '--zstd');
  archive = readFileSync(join(scratch, 'root.tar.zst'));
  server = await startFileServer({ '/root.tar.zst': { body: archive } });
});
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs the built CLI without blocking this process, which also serves the downloads. */
const cli = (...rest: string[]) => runBuiltCliAsync(['root', ...rest], { env });

test('root fetch downloads, verifies and extracts; root inspect --json describes the result', async () => {
  const sha256 = createHash('sha256').update(archive).digest('hex');
  const out = join(scratch, 'fetched');
  const fetched = await cli('fetch', server.url('/root.tar.zst'), '--sha256', sha256, '--out', out);
  expect(fetched.code, fetched.stderr).toBe(0);
  expect(fetched.stdout).toMatch(/architectures: amd64/);
  const inspect = runBuiltCli(['root', 'inspect', out, '--json'], { env });
  expect(inspect.code).toBe(0);
  const manifest = JSON.parse(inspect.stdout) as { archs: string[]; goVersion: string; commands: object };
  expect(manifest).toMatchObject({ archs: ['amd64'], goVersion: 'go1.19.8', commands: { amd64: 1 } });
});

test('a wrong checksum exits 3 and says what was expected', async () => {
  const run = await cli(
    'fetch',
    server.url('/root.tar.zst'),
    '--sha256',
    'f'.repeat(64),
    '--out',
    join(scratch, 'x'),
  );
  expect(run.code).toBe(3);
  expect(run.stderr).toMatch(/not what was expected[\s\S]*expected f{64}/);
});

test('root open extracts an archive the user picked; inspect exits 3 for a folder with problems', async () => {
  const opened = await cli('open', join(scratch, 'root.tar.zst'), '--out', join(scratch, 'opened'));
  expect(opened.code, opened.stderr).toBe(0);
  const notRoot = await cli('inspect', join(scratch, 'cache'));
  expect(notRoot.code).toBe(3);
  expect(notRoot.stdout).toMatch(/problem: \/go is missing/);
});

test('usage mistakes exit 2 with the help', async () => {
  const run = await cli('build', '--arch', 'sparc', '--out', join(scratch, 'b'));
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/--arch takes amd64, arm64, riscv64; not sparc/);
});
