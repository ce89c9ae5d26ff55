// `boot-test` and the app's "Try it in an emulator" on a real bootable image: booted, streamed, unchanged.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LogLine } from '../../contract';
import { buildGo, goSource } from '../../core/boot/go-build';
import { createHandlers } from '../../core/service/handlers';
import { main } from '../main';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'boot-test-'));
const image = join(dir, 'stick.img');
const marker = 'SOURCERY-BOOT-OK arch=amd64';
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  let [out, err] = ['', ''];
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(args, { stdout, stderr, interactive: false, signal: new AbortController().signal });
  return { code, out, err };
}

beforeAll(async () => {
  // Debian's amd64 kernel, cached by the boot tier's script; the boot tier's test init as /linux_amd64/bin/init.
  const fetched = JSON.parse(
    execFileSync(process.execPath, [join(repo, 'scripts', 'fetch-kernels.mjs')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  ) as Record<string, { kernel?: string }>;
  const kernel = fetched.amd64?.kernel;
  if (!kernel) throw new Error('fetch-kernels gave no amd64 kernel');
  const init = await buildGo(goSource('testinit'), 'amd64');
  if (!init.ok) throw new Error(init.error.detail);
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'linux_amd64', 'bin'), { recursive: true });
  copyFileSync(init.value, join(tree, 'linux_amd64', 'bin', 'init'));
  for (const sub of ['dev', 'proc', 'tmp', 'etc']) mkdirSync(join(tree, sub));
  const composed = await run([
    ...['compose', '--tree', tree, '--out', image, '--size', '128M'],
    ...['--kernel', `amd64=${kernel}`, '--boot', 'bios'],
  ]);
  if (composed.code !== 0) throw new Error(composed.err);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('boots the image, streams the console and leaves the image as it was', async () => {
  const before = sha(image);
  const { code, out } = await run([
    'boot-test',
    image,
    '--arch',
    'amd64',
    '--timeout',
    '240',
    '--expect',
    marker,
  ]);
  expect(out).toContain(marker);
  expect(out).toContain(`ok: ${image} booted on amd64 (bios)`);
  expect(code).toBe(0);
  expect(sha(image)).toBe(before);
});

it('the bootTest handler sends console lines as jobLog events', async () => {
  const logs: LogLine[] = [];
  const handlers = createHandlers({
    shell: 'browser',
    dataDir: dir,
    emit: (name, payload) => void (name === 'jobLog' && logs.push(payload as LogLine)),
  });
  // The default expectation is the real root's init banner; the test init prints another line.
  const result = await handlers.bootTest({ jobId: 'try-1', image, arch: 'amd64', timeoutSeconds: 240 });
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error.code).toBe('E_BOOT_FAILED');
  expect(logs.some((l) => l.jobId === 'try-1' && l.message.includes(marker))).toBe(true);
});
