// The proof a user cares about: a loop device flashed by `flash --kernel` boots in QEMU (SeaBIOS).

import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { buildGo, goSource } from '../../core/boot/go-build';
import { main } from '../main';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const root = process.getuid?.() === 0 && process.platform === 'linux';
const dir = mkdtempSync(join(tmpdir(), 'flash-boot-'));
let loop: string | undefined;

afterAll(() => {
  if (loop) execFileSync('losetup', ['-d', loop], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

it.runIf(root)('writes a bootable stick to a block device through the privileged writer', async () => {
  // Debian's amd64 kernel, cached in ~/.cache/sourcery-flasher by the boot tier's own script.
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

  const backing = join(dir, 'stick.backing');
  execFileSync('truncate', ['-s', '256M', backing]);
  loop = execFileSync('losetup', ['--find', '--show', backing], { encoding: 'utf8' }).trim();
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.resume();
  const code = await main(
    [
      'flash',
      '--tree',
      tree,
      '--kernel',
      `amd64=${kernel}`,
      '--boot',
      'bios',
      '--drive',
      loop,
      '--include-loop',
      '--yes',
    ],
    { stdout, stderr, interactive: false, signal: new AbortController().signal },
  );
  expect(out).toContain(`ok: ${loop}:`);
  expect(code).toBe(0);

  // Boot what is on the device (not the composed plan): the bytes the writer actually put there.
  const log = join(dir, 'serial.log');
  const qemu = spawnSync(
    'timeout',
    [
      '-k',
      '5',
      '240',
      'qemu-system-x86_64',
      '-m',
      '1024',
      '-display',
      'none',
      '-monitor',
      'none',
      '-serial',
      `file:${log}`,
      '-no-reboot',
      '-nic',
      'none',
      '-drive',
      `file=${loop},format=raw,snapshot=on`,
    ],
    { stdio: 'ignore' },
  );
  expect(readFileSync(log, 'utf8')).toContain('SOURCERY-BOOT-OK arch=amd64');
  expect(qemu.status).toBe(0);
});
