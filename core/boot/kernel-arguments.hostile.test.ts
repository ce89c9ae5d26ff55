// L6: kernel arguments with line breaks or script syntax never reach boot.scr or syslinux.cfg.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareBoot, type BootRequest } from './prepare';
import { syslinuxConfig } from './syslinux/cfg';
import { fakeBzImage, fakeImage } from './testing/fixtures';
import { ubootScriptText } from './uboot-script';

const dir = mkdtempSync(join(tmpdir(), 'sourcery-l6-append-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const arm64 = join(dir, 'Image');
const amd64 = join(dir, 'bzImage');
writeFileSync(arm64, fakeImage('arm64', 1 << 20));
writeFileSync(amd64, fakeBzImage(1 << 20));

const refused = async (request: BootRequest, what: string) => {
  const plan = await prepareBoot({ payloadDir: join(dir, 'payload'), ...request });
  expect(plan.ok ? 'accepted' : plan.error.code).toBe('E_KERNEL_ARGS');
  if (!plan.ok) expect(plan.error.detail).toContain(what);
};

describe('L6: kernel arguments cannot add lines to the boot files', () => {
  it('a line break in boot.append is refused before boot.scr is built', () =>
    refused(
      { kernels: { arm64 }, methods: ['uboot'], append: 'quiet\nsetenv bootcmd "reset"' },
      'a line break',
    ));

  it('a line break is refused before syslinux.cfg is built', () =>
    refused({ kernels: { amd64 }, methods: ['bios'], append: 'quiet\nDEFAULT evil' }, 'a line break'));

  it('a carriage return, a tab or a NUL is refused for every method', async () => {
    for (const append of ['a\rb', 'a\tb', 'a\0b'])
      await refused({ kernels: { arm64 }, methods: ['uefi'], append }, 'position 2');
  });

  it("for boot.scr, ' $ and \\ are refused (they end the quoted word or are expanded by U-Boot)", async () => {
    await refused({ kernels: { arm64 }, methods: ['uboot'], append: "x' ; reset ; echo '" }, "hold '");
    await refused({ kernels: { arm64 }, methods: ['uboot'], append: 'x=${bootcmd}' }, 'hold $');
    await refused({ kernels: { arm64 }, methods: ['uboot'], append: 'x=\\"' }, 'hold \\');
  });

  it('the kernel\'s own quoting passes: sourcery.run="go test" is one word on every boot file', async () => {
    const plan = await prepareBoot({
      kernels: { arm64 },
      methods: ['uboot'],
      append: 'sourcery.run="go test ./..." ; # `x`',
      diskSignature: 0x1234abcd,
    });
    expect(plan.ok).toBe(true);
    const script = plan.ok ? plan.value.extraFiles.find((f) => f.path === '/boot.scr') : undefined;
    const text = Buffer.from(script && 'data' in script ? (script.data as Uint8Array) : []).toString(
      'latin1',
    );
    expect(text).toContain(`  setenv bootargs '`);
    expect(text).toContain(`sourcery.run="go test ./..." ; # \`x\`'\n`);
  });

  it('the encoders themselves never write a line break they are handed (a bug, thrown)', () => {
    expect(() => syslinuxConfig('quiet\nDEFAULT evil', false)).toThrow();
    expect(() => ubootScriptText([{ arch: 'arm64', cmdline: 'quiet\nreset', initramfs: false }])).toThrow();
  });
});
