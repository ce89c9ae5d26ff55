// Kernel recognition and the refusals a user sees for the wrong file.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { expectArch, inspectKernel } from './kernel';
import { fakeBzImage, fakeImage } from './testing/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'sourcery-kernel-'));
const file = (name: string, data: Uint8Array) => {
  writeFileSync(join(dir, name), data);
  return join(dir, name);
};

describe('inspectKernel', () => {
  test('recognises bzImage, arm64 and RISC-V Images by their magic', async () => {
    const x86 = await inspectKernel(file('bz', fakeBzImage(64 * 1024)));
    const arm = await inspectKernel(file('arm', fakeImage('arm64', 64 * 1024, 48 * 1024)));
    const rv = await inspectKernel(file('rv', fakeImage('riscv64', 64 * 1024)));
    expect(x86.ok && [x86.value.arch, x86.value.format]).toEqual(['amd64', 'bzImage']);
    expect(arm.ok && [arm.value.arch, arm.value.format, arm.value.efi]).toEqual([
      'arm64',
      'arm64-image',
      true,
    ]);
    expect(rv.ok && [rv.value.arch, rv.value.format, rv.value.efi]).toEqual([
      'riscv64',
      'riscv-image',
      false,
    ]);
  });

  test('a truncated bzImage is refused, saying so and what to do', async () => {
    const result = await inspectKernel(file('cut-bz', fakeBzImage(40 * 1024, 900 * 1024)));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('E_KERNEL_INVALID');
    expect(result.error.detail).toMatch(/40960 bytes .* at least \d+: it is truncated/);
    expect(result.error.hint).toContain('again');
  });

  test('a truncated EFI-stub Image (PE sections past the end) is refused', async () => {
    const result = await inspectKernel(file('cut-rv', fakeImage('riscv64', 32 * 1024, 2 * 1024 * 1024)));
    expect(result.ok ? '' : result.error.detail).toContain('truncated');
  });

  test('an ELF vmlinux and unknown files are refused with the file to use instead', async () => {
    const elf = await inspectKernel(
      file('vmlinux', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, ...new Uint8Array(4096)])),
    );
    expect(elf.ok ? '' : elf.error.hint).toContain('vmlinuz');
    const text = await inspectKernel(file('readme', new TextEncoder().encode('not a kernel '.repeat(100))));
    expect(text.ok ? '' : text.error.detail).toContain('not a kernel image');
  });

  test('a kernel for another architecture is refused, naming both and the right flag', async () => {
    const arm = await inspectKernel(file('arm2', fakeImage('arm64', 64 * 1024)));
    if (!arm.ok) throw new Error(arm.error.detail);
    const result = expectArch(arm.value, 'amd64', 'Image');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.detail).toBe('Image is a kernel for arm64, but it was given for amd64.');
    expect(result.error.hint).toContain('--kernel arm64=Image');
  });

  test('a missing file is an I/O error with its path', async () => {
    const result = await inspectKernel(join(dir, 'absent'));
    expect(result.ok ? '' : `${result.error.code} ${result.error.detail}`).toContain(
      `E_IO Cannot read the kernel ${join(dir, 'absent')}`,
    );
  });
});
