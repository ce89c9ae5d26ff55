// The proof a user cares about: a loop device flashed by `flash --kernel` boots in QEMU (SeaBIOS).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { bootTest } from '../../core/qemu/boot-test';
import { bootableTree } from '../../core/qemu/testing/bootable-tree';
import { runCli } from '../testing/run-cli';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const root = process.getuid?.() === 0 && process.platform === 'linux';
const dir = mkdtempSync(join(tmpdir(), 'flash-boot-'));
let loop: string | undefined;

afterAll(() => {
  if (loop) execFileSync('losetup', ['-d', loop], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

it.runIf(root)('writes a bootable stick to a block device through the privileged writer', async () => {
  const tree = join(dir, 'tree');
  const kernel = await bootableTree(repo, tree);

  const backing = join(dir, 'stick.backing');
  execFileSync('truncate', ['-s', '256M', backing]);
  loop = execFileSync('losetup', ['--find', '--show', backing], { encoding: 'utf8' }).trim();
  const { code, out } = await runCli([
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
  ]);
  expect(out).toContain(`ok: ${loop}:`);
  expect(code).toBe(0);

  // Boot what is on the device (not the composed plan): the bytes the writer actually put there.
  const booted = await bootTest({
    image: loop,
    allowDevices: true, // the CLI's boot-test may boot a stick; the app's only an image file
    arch: 'amd64',
    firmware: 'bios',
    expect: /SOURCERY-BOOT-OK arch=amd64/,
    timeoutSeconds: 240,
    untilPowerOff: true,
  });
  if (!booted.ok) throw new Error(`${booted.error.detail}\n${booted.error.cause ?? ''}`);
  expect(booted.value.poweredOff).toBe(true);
});
