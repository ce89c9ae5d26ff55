// The root tier's boot proof: a built root composed onto a stick by the CLI boots in QEMU (x86_64,
// SeaBIOS + syslinux); its init starts, and a command is compiled on demand by installcommand.

import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareSyslinuxPayload } from '../../boot/syslinux/prepare';
import { bootTest } from '../../qemu/boot-test';
import { makeTinyRepo } from '../testing/tiny-repo';
import { buildRoot } from './build-root';

const project = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-root-qemu-'));
  await makeTinyRepo(join(dir, 'tiny'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Debian's amd64 kernel, downloaded once into ~/.cache/sourcery-flasher/kernels by the boot tier's script. */
function amd64Kernel(): string {
  const out = execFileSync(process.execPath, [join(project, 'scripts', 'fetch-kernels.mjs')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const kernel = (JSON.parse(out) as Record<string, { kernel?: string }>).amd64?.kernel;
  if (!kernel) throw new Error('fetch-kernels.mjs gave no amd64 kernel');
  return kernel;
}

describe('a built root on a stick, in QEMU x86_64', () => {
  it('starts init, which compiles a command on demand and runs it', async () => {
    const root = join(dir, 'root');
    const built = await buildRoot({ out: root, archs: ['amd64'], sources: [{ repo: join(dir, 'tiny') }] });
    if (!built.ok) throw new Error(`${built.error.detail}\n${built.error.cause ?? ''}`);
    const payload = await prepareSyslinuxPayload();
    if (!payload.ok) throw new Error(payload.error.detail);
    const image = join(dir, 'stick.img');
    // As a user would: the CLI composes the stick, with the command to run on the kernel command line.
    // Through tsx's own runner, as `npm run cli` does in a checkout.
    execFileSync(
      join(project, 'node_modules', '.bin', 'tsx'),
      [
        join(project, 'cli', 'bin.ts'),
        'compose',
        '--tree',
        root,
        '--kernel',
        `amd64=${amd64Kernel()}`,
        '--boot',
        'bios',
        '--append',
        'sourcery.run=hi',
        '--out',
        image,
      ],
      { cwd: project, stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 },
    );
    // Pure emulation compiles Go's runtime slowly: allow minutes.
    const booted = await bootTest({
      image,
      arch: 'amd64',
      firmware: 'bios',
      timeoutSeconds: 900,
      untilPowerOff: true,
    });
    if (!booted.ok) throw new Error(`${booted.error.detail}\n${booted.error.cause ?? ''}`);
    const serial = booted.value.lines.join('\n');
    const context = `serial console:\n${serial.slice(-3000)}`;
    expect(serial, context).toContain('sourcery: init for linux_amd64');
    expect(serial, context).toContain('hi from a command compiled on demand');
    expect(serial, context).toContain('sourcery: run finished with status 0');
    expect(booted.value.poweredOff, context).toBe(true);
  });
});
