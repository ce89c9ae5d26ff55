// Recognises a kernel file by its magic: which architecture, which format, and whether it is whole.

import { appError, fail, ok, type Result } from '../../contract';
import type { GoArch } from '../../contract/boot';
import { peMachine } from './arch';
import { openInput } from './input-file';
import { inputLimits } from './limits';

export type KernelFormat = 'bzImage' | 'arm64-image' | 'riscv-image' | 'efi-zboot';

export interface KernelInfo {
  arch: GoArch;
  format: KernelFormat;
  size: number;
  /** True when the kernel carries a PE header (an EFI stub) and could run from firmware. */
  efi: boolean;
}

const le16 = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const le32 = (b: Uint8Array, at: number) => (le16(b, at) | (le16(b, at + 2) << 16)) >>> 0;
const ascii = (b: Uint8Array, at: number, length: number) =>
  Buffer.from(b.subarray(at, at + length)).toString('latin1');

/** The smallest file size the headers promise, or a reason the headers are broken. */
function peEnd(head: Uint8Array): { machine?: number; end: number } | undefined {
  if (ascii(head, 0, 2) !== 'MZ') return undefined;
  const pe = le32(head, 0x3c);
  if (pe + 24 > head.length || ascii(head, pe, 4) !== 'PE\0\0') return undefined;
  const sections = le16(head, pe + 6);
  const table = pe + 24 + le16(head, pe + 20);
  let end = 0;
  for (let i = 0; i < sections && table + i * 40 + 40 <= head.length; i++) {
    const entry = table + i * 40;
    end = Math.max(end, le32(head, entry + 20) + le32(head, entry + 16));
  }
  return { machine: le16(head, pe + 4), end };
}

/** Inspects the first 64 KiB of a kernel and its total size. */
export function inspectKernelHead(head: Uint8Array, size: number, name: string): Result<KernelInfo> {
  const refuse = (detail: string, hint?: string) =>
    fail<KernelInfo>(appError('E_KERNEL_INVALID', `${name}: ${detail}`, hint ? { hint } : {}));
  const truncated = (expected: number) =>
    refuse(
      `the file is ${size} bytes but its header says it needs at least ${expected}: it is truncated.`,
      'Copy or download the kernel again; compare its size with the original.',
    );
  const pe = peEnd(head);
  if (ascii(head, 0x202, 4) === 'HdrS') {
    const setupSectors = head[0x1f1] || 4;
    const expected = (setupSectors + 1) * 512 + le32(head, 0x1f4) * 16;
    if (size < expected) return truncated(expected);
    return ok({ arch: 'amd64', format: 'bzImage', size, efi: pe !== undefined });
  }
  if (ascii(head, 0, 2) === 'MZ' && ascii(head, 4, 4) === 'zimg') {
    // EFI zboot: payload offset + size at 8 and 12 bound the file; the PE machine names the arch.
    const expected = le32(head, 8) + le32(head, 12);
    const arch = pe?.machine !== undefined ? peMachine[pe.machine] : undefined;
    if (!arch) return refuse('an EFI zboot kernel for a machine type this tool does not boot.');
    if (size < Math.max(expected, pe?.end ?? 0)) return truncated(Math.max(expected, pe?.end ?? 0));
    return ok({ arch, format: 'efi-zboot', size, efi: true });
  }
  const imageMagic = ascii(head, 0x38, 4);
  if (imageMagic === 'ARM\x64' || imageMagic === 'RSC\x05') {
    const arch: GoArch = imageMagic === 'ARM\x64' ? 'arm64' : 'riscv64';
    if (pe && size < pe.end) return truncated(pe.end);
    return ok({
      arch,
      format: arch === 'arm64' ? 'arm64-image' : 'riscv-image',
      size,
      efi: pe !== undefined,
    });
  }
  if (le32(head, 0x24) === 0x016f2818) {
    // The 32-bit ARM zImage magic: Raspberry Pi OS and older boards use these.
    return refuse(
      'this is a 32-bit ARM kernel (zImage); only 64-bit arm64 kernels boot from this stick (the Raspberry Pi 3, 4 and 5 start them with arm_64bit=1).',
      "Use a 64-bit arm64 kernel: Debian's linux-image-arm64 package, or arch/arm64/boot/Image.",
    );
  }
  if (ascii(head, 0, 4) === '\x7fELF') {
    return refuse(
      'this is an ELF vmlinux, which firmware and boot loaders cannot start.',
      'Use the bootable image instead: /boot/vmlinuz-* from the kernel package, or arch/<arch>/boot/{bzImage,Image}.',
    );
  }
  if (head[0] === 0x1f && head[1] === 0x8b) {
    return refuse(
      'this is a gzip-compressed Image; UEFI and booti need it uncompressed.',
      'Decompress it first (gunzip -c Image.gz > Image) and pass that file.',
    );
  }
  return refuse(
    'this is not a kernel image this tool recognises (no bzImage, arm64 Image, RISC-V Image or EFI zboot magic).',
    'Pass a bootable kernel (/boot/vmlinuz-* from a linux-image package) or the .deb itself.',
  );
}

/** Reads the head of a kernel file (a regular file within inputLimits.kernelBytes) and inspects it. */
export async function inspectKernel(path: string): Promise<Result<KernelInfo>> {
  const opened = await openInput(path, 'kernel', inputLimits.kernelBytes);
  if (!opened.ok) return opened;
  const { handle, size } = opened.value;
  try {
    const head = new Uint8Array(64 * 1024);
    await handle.read(head, 0, head.length, 0);
    return inspectKernelHead(head, size, path);
  } catch (e) {
    return fail(appError('E_IO', `Cannot read the kernel ${path}.`, { cause: (e as Error).message }));
  } finally {
    await handle.close();
  }
}

/** Refuses a kernel for the wrong architecture, naming both. */
export function expectArch(info: KernelInfo, wanted: GoArch, name: string): Result<KernelInfo> {
  if (info.arch === wanted) return ok(info);
  return fail(
    appError('E_KERNEL_INVALID', `${name} is a kernel for ${info.arch}, but it was given for ${wanted}.`, {
      hint: `Use it as the ${info.arch} kernel (--kernel ${info.arch}=${name} on the command line), or choose a ${wanted} kernel for ${wanted}.`,
    }),
  );
}
