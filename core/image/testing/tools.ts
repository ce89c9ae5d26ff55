// Test-only wrappers around the independent judges: sfdisk, fsck.fat, mtools, and tree hashing.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterRun } from '../read/fat-table';
import { openVolume, type StickFile, type Volume } from '../read/volume';

const mib = 1024 * 1024;

export interface SfdiskPartition {
  start: number;
  size: number;
  type: string;
  bootable?: boolean;
}

export function sfdiskTable(image: string): { id: string; partitions: SfdiskPartition[] } {
  const out = execFileSync('sfdisk', ['--json', image], { encoding: 'utf8' });
  return (JSON.parse(out) as { partitiontable: { id: string; partitions: SfdiskPartition[] } })
    .partitiontable;
}

/** Copies the partition (from 1 MiB on) to its own file, keeping holes where the image has zeros. */
function copyPartition(image: string, to: string): void {
  const from = openSync(image, 'r');
  const out = openSync(to, 'w');
  const buf = Buffer.alloc(mib);
  try {
    const size = statSync(image).size;
    for (let at = mib; at < size; at += mib) {
      const n = readSync(from, buf, 0, mib, at);
      if (buf.subarray(0, n).some((b) => b !== 0)) writeSync(out, buf, 0, n, at - mib);
    }
    execFileSync('truncate', ['-s', String(size - mib), to]);
  } finally {
    closeSync(from);
    closeSync(out);
  }
}

/**
 * `fsck.fat -n` on the partition inside an image: through a read-only loop device with an offset
 * when we may make one (root), else on a copy of the partition. Returns its exit code and output.
 */
export function fsckImage(image: string, scratch: string): { code: number; output: string } {
  const run = (target: string) => {
    const r = spawnSync('fsck.fat', ['-n', target], { encoding: 'utf8' });
    return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
  };
  const loop = spawnSync('losetup', ['-r', '-o', String(mib), '-f', '--show', image], { encoding: 'utf8' });
  if (loop.status === 0) {
    const device = loop.stdout.trim();
    try {
      return run(device);
    } finally {
      spawnSync('losetup', ['-d', device]);
    }
  }
  // Copying reads every byte, holes too: fine for test images, hopeless for a 32 GiB one.
  if (statSync(image).size > 4 * 1024 * mib) throw new Error(`fsck of ${image} needs a loop device (root)`);
  const copy = join(scratch, 'partition.img');
  copyPartition(image, copy);
  return run(copy);
}

/** Whether this process may attach loop devices (root, with /dev/loop-control). */
export const loopDevicesWork = (): boolean => spawnSync('losetup', ['-f']).status === 0;

/** Copies the whole stick out with mtools (`mcopy -s -n -m`), an independent FAT reader. */
export function mcopyOut(image: string, to: string): void {
  execFileSync('mcopy', ['-s', '-n', '-m', '-i', `${image}@@1M`, '::/', to], {
    env: { ...process.env, MTOOLS_SKIP_CHECK: '1' },
  });
}

export function mdir(image: string, path = '::/'): string {
  return execFileSync('mdir', ['-a', '-i', `${image}@@1M`, path], {
    encoding: 'utf8',
    env: { ...process.env, MTOOLS_SKIP_CHECK: '1' },
    maxBuffer: 64 * mib,
  });
}

/** Every path under `dir` with "dir" or the SHA-256 of its contents; equal maps mean equal trees. */
export function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (abs: string, rel: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        out.set(path, 'dir');
        walk(join(abs, entry.name), path);
      } else {
        out.set(
          path,
          createHash('sha256')
            .update(readFileSync(join(abs, entry.name)))
            .digest('hex'),
        );
      }
    }
  };
  walk(dir, '');
  return out;
}

/** Reads `length` bytes at `offset` of a file. */
export function readAt(file: string, offset: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(length);
    readSync(fd, b, 0, length, offset);
    return b;
  } finally {
    closeSync(fd);
  }
}

/** mtools turns each UTF-16 unit of a character beyond the BMP into "_": the names it shows for a tree. */
export const asMtoolsShows = (tree: Map<string, string>): Map<string, string> =>
  new Map([...tree].map(([path, hash]) => [path.replace(/[\u{10000}-\u{10FFFF}]/gu, '__'), hash]));

/** The image opened with the product's FAT32 reader (core/image/read); a refusal fails the test. */
export async function openImage(image: string): Promise<Volume> {
  const opened = await openVolume(image);
  if (!opened.ok) throw new Error(opened.error.detail);
  return opened.value;
}

/** Every file and folder on the image, parents before children, as the reader lists them. */
export async function filesOn(image: string): Promise<StickFile[]> {
  const volume = await openImage(image);
  await volume.close();
  return volume.files;
}

/** A file's whole contents, read through the FAT. */
export async function contentsOf(volume: Volume, file: StickFile): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of volume.read(file)) pieces.push(piece);
  return Buffer.concat(pieces);
}

/** Every cluster of a chain, in order. */
export const clustersOf = (runs: ClusterRun[]): number[] =>
  runs.flatMap((run) => Array.from({ length: run.count }, (_, i) => run.first + i));

/** The volume's boot sector and its backup (where the boot sector's byte 50 says), read raw. */
export function bootSectors(image: string, volume: Volume): { primary: Buffer; backup: Buffer } {
  const primary = readAt(image, volume.offset, 512);
  const backup = readAt(image, volume.offset + primary.readUInt16LE(50) * volume.bpb.bytesPerSector, 512);
  return { primary, backup };
}
