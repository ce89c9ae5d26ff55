// `sourcery-flash compose --kernel ...` refuses bad boot input before it writes anything.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { prepareSyslinuxPayload } from '../../core/boot/syslinux/prepare';
import { runBuiltCli } from '../testing/built-cli';
import { fakeBzImage, fakeImage, fakeKernelDeb } from '../../core/boot/testing/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'sourcery-cli-boot-'));
const tree = join(dir, 'tree');
mkdirSync(join(tree, 'linux_amd64', 'bin'), { recursive: true });
writeFileSync(join(tree, 'linux_amd64', 'bin', 'init'), 'stand-in');

function compose(...args: string[]) {
  return composeWith({}, ...args);
}

/** Runs the real CLI; `env` can point its cache (syslinux payload) elsewhere. */
function composeWith(env: Record<string, string>, ...args: string[]) {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}.img`);
  const run = runBuiltCli(['compose', '--tree', tree, '--out', out, ...args], {
    env: { ...process.env, ...env },
  });
  return { status: run.code, stderr: run.stderr, wrote: existsSync(out) };
}

const file = (name: string, data: Uint8Array) => {
  writeFileSync(join(dir, name), data);
  return join(dir, name);
};

test('a wrong-architecture kernel: exit 3, nothing written, the right flag suggested', () => {
  const result = compose('--kernel', `amd64=${file('Image', fakeImage('arm64', 8192))}`);
  expect(result).toMatchObject({ status: 3, wrote: false });
  expect(result.stderr).toContain('is a kernel for arm64, but it was given for amd64');
  expect(result.stderr).toContain('what to do: Use it as the arm64 kernel (--kernel arm64=');
});

test('a truncated kernel: exit 3, nothing written', () => {
  const result = compose('--kernel', `amd64=${file('cut', fakeBzImage(4096, 800_000))}`, '--boot', 'uefi');
  expect(result).toMatchObject({ status: 3, wrote: false });
  expect(result.stderr).toContain('it is truncated');
});

test('a package without VFAT or its modules: exit 3, nothing written', () => {
  const deb = fakeKernelDeb({
    kernel: fakeBzImage(8192),
    vfatLine: 'CONFIG_VFAT_FS=m',
    modules: { 'fs/fat.ko.xz': [] },
  });
  const result = compose('--kernel', `amd64=${deb}`, '--boot', 'uefi');
  expect(result).toMatchObject({ status: 3, wrote: false });
  expect(result.stderr).toContain('vfat, nls_cp437, nls_utf8 are missing');
  expect(result.stderr).toContain('Supply the complete linux-image .deb');
});

test('usage mistakes in the boot flags: exit 2 with the reason', () => {
  expect(compose('--kernel', 'x86=/nope')).toMatchObject({ status: 2, wrote: false });
  expect(compose('--kernel', `amd64=${file('bz', fakeBzImage(8192))}`, '--boot', 'floppy').stderr).toContain(
    '--boot takes a list of bios, uefi, uboot',
  );
  expect(compose('--kernel', `amd64=${file('bz2', fakeBzImage(8192))}`, '--boot', 'uboot').stderr).toContain(
    'needs an arm64 or riscv64 kernel',
  );
  expect(compose('--append', 'quiet').stderr).toContain('--append needs at least one --kernel');
});

test('a syslinux payload of mixed builds: exit 3, nothing written, told to prepare it again', async () => {
  const cache = join(dir, 'xdg-cache');
  const payload = join(cache, 'sourcery-flasher', 'syslinux-payload');
  const prepared = await prepareSyslinuxPayload({ dir: payload });
  if (!prepared.ok) throw new Error(prepared.error.detail);
  const c32 = readFileSync(join(payload, 'ldlinux.c32'));
  c32.writeUInt8(c32.readUInt8(100) ^ 0xff, 100); // another build's ldlinux.c32 differs like this
  writeFileSync(join(payload, 'ldlinux.c32'), c32);
  const deb = fakeKernelDeb({ kernel: fakeBzImage(8192), vfatLine: 'CONFIG_VFAT_FS=y' });
  const result = composeWith({ XDG_CACHE_HOME: cache }, '--kernel', `amd64=${deb}`, '--boot', 'bios');
  expect(result).toMatchObject({ status: 3, wrote: false });
  expect(result.stderr).toContain('different syslinux builds');
  expect(result.stderr).toContain('npm run prepare:boot');
});
