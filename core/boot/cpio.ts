// Writes a cpio archive in the "newc" format the kernel unpacks as its initramfs.

export type CpioEntry =
  | { path: string; kind: 'dir'; mode?: number }
  | { path: string; kind: 'file'; data: Uint8Array; mode?: number }
  | { path: string; kind: 'char'; major: number; minor: number; mode?: number };

const typeBits = { dir: 0o040000, file: 0o100000, char: 0o020000 } as const;
const defaultMode = { dir: 0o755, file: 0o644, char: 0o600 } as const;

const hex = (value: number) => value.toString(16).padStart(8, '0');
const pad4 = (n: number) => (4 - (n % 4)) % 4;

/** One archive, entries in the given order (parents before children, as the kernel needs). */
export function writeCpio(entries: CpioEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  let inode = 1;
  const push = (path: string, mode: number, nlink: number, data: Uint8Array, rdev: [number, number]) => {
    const name = encoder.encode(`${path}\0`);
    const header = `070701${[inode++, mode, 0, 0, nlink, 0, data.length, 0, 0, rdev[0], rdev[1], name.length, 0].map(hex).join('')}`;
    parts.push(
      encoder.encode(header),
      name,
      new Uint8Array(pad4(110 + name.length)),
      data,
      new Uint8Array(pad4(data.length)),
    );
  };
  for (const entry of entries) {
    const mode = typeBits[entry.kind] | (entry.mode ?? defaultMode[entry.kind]);
    const path = entry.path.replace(/^\/+/, '');
    if (entry.kind === 'file') push(path, mode, 1, entry.data, [0, 0]);
    else if (entry.kind === 'dir') push(path, mode, 2, new Uint8Array(0), [0, 0]);
    else push(path, mode, 1, new Uint8Array(0), [entry.major, entry.minor]);
  }
  push('TRAILER!!!', 0, 1, new Uint8Array(0), [0, 0]);
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
