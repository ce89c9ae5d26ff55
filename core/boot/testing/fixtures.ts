// Generates kernel-shaped files and .deb packages for tests (never committed): headers with the real
// magic and size fields, ELF modules with a .modinfo section, packages built by dpkg-deb.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** An x86 bzImage header whose setup header promises `promised` bytes; the file holds `actual`. */
export function fakeBzImage(actual: number, promised = actual): Uint8Array {
  const data = new Uint8Array(actual);
  const view = new DataView(data.buffer);
  data[0x1f1] = 3; // setup sectors
  view.setUint32(0x1f4, Math.ceil((promised - 4 * 512) / 16), true); // syssize in 16-byte units
  data.set(new TextEncoder().encode('HdrS'), 0x202);
  return data;
}

/** An arm64 or RISC-V Image header (magic at 0x38), optionally with a PE header naming `peEnd`. */
export function fakeImage(arch: 'arm64' | 'riscv64', size: number, peEnd?: number): Uint8Array {
  const data = new Uint8Array(size);
  const view = new DataView(data.buffer);
  data.set(new TextEncoder().encode(arch === 'arm64' ? 'ARM\x64' : 'RSC\x05'), 0x38);
  if (peEnd !== undefined) {
    data.set([0x4d, 0x5a]); // MZ
    view.setUint32(0x3c, 0x40, true);
    data.set(new TextEncoder().encode('PE\0\0'), 0x40);
    view.setUint16(0x44, arch === 'arm64' ? 0xaa64 : 0x5064, true);
    view.setUint16(0x46, 1, true); // one section
    view.setUint16(0x54, 0, true); // no optional header: the table follows at 0x58
    view.setUint32(0x58 + 16, peEnd - 0x1000, true); // SizeOfRawData
    view.setUint32(0x58 + 20, 0x1000, true); // PointerToRawData
  }
  return data;
}

/** A minimal ELF64 relocatable object holding only a .modinfo section, like a kernel module. */
export function fakeModule(name: string, depends: string[]): Uint8Array {
  const enc = new TextEncoder();
  const modinfo = enc.encode(`license=GPL\0depends=${depends.join(',')}\0name=${name}\0`);
  const shstr = enc.encode('\0.modinfo\0.shstrtab\0');
  const modinfoAt = 64;
  const shstrAt = modinfoAt + modinfo.length;
  const shoff = Math.ceil((shstrAt + shstr.length) / 8) * 8;
  const data = new Uint8Array(shoff + 3 * 64);
  const view = new DataView(data.buffer);
  data.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  view.setUint16(16, 1, true); // ET_REL
  view.setBigUint64(0x28, BigInt(shoff), true);
  view.setUint16(0x3a, 64, true);
  view.setUint16(0x3c, 3, true);
  view.setUint16(0x3e, 2, true);
  data.set(modinfo, modinfoAt);
  data.set(shstr, shstrAt);
  const section = (i: number, nameAt: number, type: number, offset: number, size: number) => {
    const at = shoff + i * 64;
    view.setUint32(at, nameAt, true);
    view.setUint32(at + 4, type, true);
    view.setBigUint64(at + 0x18, BigInt(offset), true);
    view.setBigUint64(at + 0x20, BigInt(size), true);
  };
  section(1, 1, 1, modinfoAt, modinfo.length);
  section(2, 10, 3, shstrAt, shstr.length);
  return data;
}

export interface FakePackage {
  version?: string;
  kernel: Uint8Array;
  /** The config's VFAT line, e.g. 'CONFIG_VFAT_FS=m' or '# CONFIG_VFAT_FS is not set'; none: no config. */
  vfatLine?: string;
  /** Module file name (with .ko/.ko.xz/.ko.zst) -> its dependencies. */
  modules?: Record<string, string[]>;
  compression?: 'xz' | 'zstd' | 'gzip';
  /** Further files by package path, e.g. device trees under usr/lib/linux-image-<version>/broadcom. */
  files?: Record<string, Uint8Array | string>;
}

/**
 * Builds a package with dpkg-deb from a tree that `fill` writes through `put` (package paths), and
 * returns the path of `file` in a fresh folder.
 */
function buildDeb(
  name: string,
  description: string,
  file: string,
  compression: string,
  fill: (put: (path: string, data: Uint8Array | string) => void, tree: string) => void,
): string {
  const dir = mkdtempSync(join(tmpdir(), 'sourcery-fake-deb-'));
  const tree = join(dir, 'tree');
  const put = (path: string, data: Uint8Array | string) => {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), data);
  };
  put(
    'DEBIAN/control',
    `Package: ${name}\nVersion: 1\nArchitecture: all\nMaintainer: test <t@example.org>\nDescription: ${description}\n`,
  );
  fill(put, tree);
  const deb = join(dir, file);
  execFileSync('dpkg-deb', ['--root-owner-group', `-Z${compression}`, '--build', tree, deb], {
    stdio: 'ignore',
  });
  return deb;
}

/** Builds a linux-image-like .deb with dpkg-deb and returns its path. */
export function fakeKernelDeb(spec: FakePackage): string {
  const version = spec.version ?? '9.9.9-test';
  const name = `linux-image-${version}`;
  return buildDeb(name, 'test kernel', `${name}.deb`, spec.compression ?? 'xz', (put, tree) => {
    put(`boot/vmlinuz-${version}`, spec.kernel);
    put(`usr/share/doc/linux-image-${version}/empty`, ''); // empty files must survive unpacking too
    if (spec.vfatLine) put(`boot/config-${version}`, `CONFIG_FAT_FS=m\n${spec.vfatLine}\nCONFIG_EXT4_FS=y\n`);
    for (const [file, depends] of Object.entries(spec.modules ?? {})) {
      const base = file.replace(/\.(xz|zst)$/, '');
      const path = `usr/lib/modules/${version}/kernel/drivers/${base}`;
      put(path, fakeModule(base.replace(/\.ko$/, '').replace(/-/g, '_'), depends));
      if (file.endsWith('.xz')) execFileSync('xz', ['-f', join(tree, path)]);
      if (file.endsWith('.zst')) execFileSync('zstd', ['-q', '-f', '--rm', join(tree, path)]);
    }
    for (const [path, data] of Object.entries(spec.files ?? {})) put(path, data);
  });
}

/** Builds a package of the given files (package paths) with dpkg-deb, e.g. a raspi-firmware look-alike. */
export function fakeDeb(name: string, files: Record<string, Uint8Array | string>): string {
  return buildDeb(name, 'test package', `${name}_1_all.deb`, 'xz', (put) => {
    for (const [path, data] of Object.entries(files)) put(path, data);
  });
}
