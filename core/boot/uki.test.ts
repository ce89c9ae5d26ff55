// Unified kernel images: the stub's PE header grows by our sections, as binutils reads them.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { assembleUki, ukiSections } from './uki';

const stubPath = '/usr/lib/systemd/boot/efi/linuxx64.efi.stub';

test('objdump sees .osrel, .cmdline, .linux and .initrd with exact sizes and contents', () => {
  const stub = new Uint8Array(readFileSync(stubPath));
  const kernel = new Uint8Array(300_001).map((_, i) => i % 251);
  const initrd = new Uint8Array(70_000).fill(7);
  const cmdline = 'console=ttyS0,115200 root=PARTUUID=1234abcd-01 quiet';
  const uki = assembleUki(stub, ukiSections(kernel, cmdline, initrd), stubPath);
  if (!uki.ok) throw new Error(uki.error.detail);
  const dir = mkdtempSync(join(tmpdir(), 'sourcery-uki-'));
  const file = join(dir, 'BOOTX64.EFI');
  writeFileSync(file, uki.value);
  const headers = execFileSync('objdump', ['-h', file], { encoding: 'utf8' });
  const size = (name: string) =>
    Number.parseInt(
      new RegExp(`\\s${name.replace('.', '\\.')}\\s+([0-9a-f]+)`).exec(headers)?.[1] ?? 'x',
      16,
    );
  expect(size('.cmdline')).toBe(cmdline.length);
  expect(size('.linux')).toBe(kernel.length);
  expect(size('.initrd')).toBe(initrd.length);
  expect(headers).toContain('.sbat'); // the stub's own sections stay
  execFileSync('objcopy', ['-O', 'binary', '--only-section=.cmdline', file, join(dir, 'cmdline')]);
  expect(readFileSync(join(dir, 'cmdline'), 'utf8')).toBe(cmdline);
  execFileSync('objcopy', ['-O', 'binary', '--only-section=.linux', file, join(dir, 'linux')]);
  expect(Buffer.compare(readFileSync(join(dir, 'linux')), kernel)).toBe(0);
  // SizeOfImage covers the last section, or EDK2 refuses to load it.
  const pe = uki.value[0x3c]! | (uki.value[0x3d]! << 8);
  const sizeOfImage = new DataView(uki.value.buffer).getUint32(pe + 24 + 56, true);
  const vma = /\s\.initrd\s+[0-9a-f]+\s+([0-9a-f]+)/.exec(headers)?.[1] ?? '0';
  const imageBase = Number(new DataView(uki.value.buffer).getBigUint64(pe + 24 + 24, true));
  expect(sizeOfImage).toBeGreaterThanOrEqual(Number.parseInt(vma, 16) - imageBase + initrd.length);
});

test('a file that is not a PE stub is refused with how to get one', () => {
  const result = assembleUki(
    new Uint8Array(4096),
    ukiSections(new Uint8Array(10), 'x', undefined),
    '/tmp/not-a-stub',
  );
  expect(result.ok ? '' : result.error.detail).toBe('/tmp/not-a-stub: it is not a PE file (no MZ header).');
  expect(result.ok ? '' : result.error.hint).toContain('systemd-boot-efi');
});
