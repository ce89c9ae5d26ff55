// Test-only generators of source trees with the variety the composer must survive.

import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Deterministic pseudo-random bytes (so a failure reproduces). */
export function bytes(length: number, seed: number): Buffer {
  const b = Buffer.alloc(length);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

/**
 * Unicode, spaces, leading dots, 8.3-looking names in every case, names whose short forms collide,
 * empty files, files of exactly one cluster (`clusterSize`) and one byte more, deep nesting,
 * empty folders. Returns the number of files written.
 */
export function writeVarietyTree(root: string, clusterSize: number): number {
  const files: Record<string, Buffer> = {
    README: bytes(100, 1),
    'readme.md': bytes(10, 2),
    Makefile: bytes(7, 3),
    'UPPER.TXT': bytes(5, 4),
    'lower.txt': bytes(5, 5),
    'MiXeD.Txt': bytes(5, 6),
    'a.b.c.d': bytes(9, 7),
    'name with spaces.go': bytes(1000, 8),
    ' leading space': bytes(3, 9),
    '.hidden': bytes(3, 10),
    '..double-dot': bytes(3, 11),
    'ünïcödé — ∂ƒ.go': bytes(33, 12),
    '日本語のファイル名.txt': bytes(44, 13),
    'emoji 🐹 gopher.txt': bytes(55, 14),
    empty: Buffer.alloc(0),
    'one-cluster.bin': bytes(clusterSize, 15),
    'one-cluster-plus-one.bin': bytes(clusterSize + 1, 16),
    'big.bin': bytes(300_000, 17),
    'longfilename1.txt': bytes(1, 18),
    'longfilename2.txt': bytes(2, 19),
    'longfilename3.txt': bytes(3, 20),
    'LONGFI~1.TXT': bytes(4, 21), // an exact 8.3 name that a generated tail would also want
    'x+y=z;[1].txt': bytes(6, 22),
    ['n'.repeat(255)]: bytes(7, 23),
    'tab\u00a0nbsp.txt': bytes(8, 24),
  };
  for (const [name, data] of Object.entries(files)) writeFileSync(join(root, name), data);
  mkdirSync(join(root, 'empty-folder'));
  mkdirSync(join(root, 'Folder.With.Dots'));
  writeFileSync(join(root, 'Folder.With.Dots', 'inside'), bytes(12, 25));
  let deep = root;
  for (let i = 0; i < 40; i++) deep = join(deep, `level ${i}`);
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(deep, 'bottom.txt'), bytes(77, 26));
  // A known timestamp (an even second) to check that times survive.
  utimesSync(join(root, 'README'), new Date('2024-02-29T13:37:42Z'), new Date('2024-02-29T13:37:42Z'));
  return Object.keys(files).length + 2;
}

/** A folder with `count` files named like Go test files, so their short names need numeric tails. */
export function writeBigFolder(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++)
    writeFileSync(join(dir, `issue${String(i).padStart(5, '0')}.go`), `package p${i}\n`);
}
