// `boot-test` refusals: no QEMU installed, firmware not offered, bad options; each with its exit code.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBuiltCliAsync } from '../testing/built-cli';
import { runCli } from '../testing/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'cli-boot-test-'));
const image = join(dir, 'stick.img');
writeFileSync(image, Buffer.alloc(1024 * 1024));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The built CLI in a child, with its own PATH: a machine without QEMU is one without it on PATH. */
async function cli(args: string[], path: string): Promise<{ code: number | null; out: string; err: string }> {
  const run = await runBuiltCliAsync(args, { env: { ...process.env, PATH: path } });
  return { code: run.code, out: run.stdout, err: run.stderr };
}

describe('sourcery-flash boot-test', () => {
  it('without QEMU: exit 8 and the apt-get line to install it', async () => {
    const { code, err } = await cli(['boot-test', image, '--arch', 'arm64'], dir);
    expect(code).toBe(8);
    expect(err).toContain('qemu-system-aarch64 is not installed');
    expect(err).toContain('sudo apt-get install qemu-system-arm u-boot-qemu');
  });

  it('refuses firmware it does not offer, a missing image and bad options', async () => {
    const riscvUefi = await runCli(['boot-test', image, '--arch', 'riscv64', '--firmware', 'uefi']);
    expect(riscvUefi.code).toBe(8);
    expect(riscvUefi.err).toContain('Use --firmware uboot for riscv64');
    const missing = await runCli(['boot-test', join(dir, 'nope.img'), '--arch', 'amd64']);
    expect(missing.code).toBe(3);
    const badArch = await runCli(['boot-test', image, '--arch', 'sparc']);
    expect(badArch.code).toBe(2);
    expect(badArch.err).toContain('--arch takes amd64, arm64, riscv64');
  });
});
