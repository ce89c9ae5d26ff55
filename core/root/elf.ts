// Reads an ELF header to tell which architecture a program was built for.

import { open } from 'node:fs/promises';
import type { GoArch } from '../../contract';

/** e_machine values from the ELF specification, per Go architecture. */
export const elfMachine: Record<GoArch, number> = { amd64: 62, arm64: 183, riscv64: 243 };

export interface ElfHeader {
  /** 1 for 32-bit, 2 for 64-bit. */
  elfClass: number;
  /** 1 little-endian, 2 big-endian. */
  dataEncoding: number;
  machine: number;
}

/** The header of an ELF file, or null when the file is not ELF (a script, a stub, garbage). */
export async function readElfHeader(path: string): Promise<ElfHeader | null> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(20);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead < 20 || head.readUInt32BE(0) !== 0x7f454c46) return null;
    const dataEncoding = head[5] ?? 0;
    const machine = dataEncoding === 2 ? head.readUInt16BE(18) : head.readUInt16LE(18);
    return { elfClass: head[4] ?? 0, dataEncoding, machine };
  } finally {
    await handle.close();
  }
}

/** Why an ELF file does not suit `arch`, or null when it does. */
export function elfMismatch(header: ElfHeader | null, arch: GoArch): string | null {
  if (!header) return 'is not an ELF program';
  if (header.elfClass !== 2) return 'is not a 64-bit ELF program';
  if (header.machine !== elfMachine[arch]) {
    const actual = Object.entries(elfMachine).find(([, m]) => m === header.machine)?.[0];
    return `is built for ${actual ?? `ELF machine ${header.machine}`}, not ${arch}`;
  }
  return null;
}
