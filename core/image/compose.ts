// Turns a file tree plus boot files into a Plan for a bootable MBR + FAT32 stick, in userspace.

import { appError, fail, ok, type Result } from '../errors';
import { buildReservedRegion, labelField } from './fat32/boot-sector';
import { addExtraFiles, type ExtraFile } from './tree/extras';
import { geometryFor, smallestTarget, type Geometry } from './fat32/geometry';
import { clustersNeeded, layOut } from './fat32/layout';
import { buildMbr, mbrBootCodeSize, randomDiskSignature, sectorSize } from './fat32/mbr';
import { nameTree } from './fat32/naming';
import type { Extent, Plan } from '../io/plan';
import { scanTree, type ScanOptions } from './tree/scan-tree';
import { findNode, sortProblems, type DirNode, type TreeProblem } from './tree/tree';

export type { ExtraFile } from './tree/extras';
export type { TreeProblem } from './tree/tree';
export { checkTree } from './tree/scan-tree';

export interface ComposeOptions {
  /** Directory whose contents become the stick's root "/". */
  tree?: string;
  /** Boot files; may create folders; a clash with a tree path is a problem. */
  extraFiles?: ExtraFile[];
  /** Target size in bytes (whole disk). */
  size: number;
  /** Default 'SOURCERY'. */
  volumeLabel?: string;
  /** Default random (crypto). */
  diskSignature?: number;
  /** FAT serial; default random. */
  volumeId?: number;
  /** Default false: symlinks are reported as problems. */
  followSymlinks?: boolean;
  signal?: AbortSignal;
}

export interface Composition {
  plan: Plan;
  /** Bytes (1 MiB). */
  partitionOffset: number;
  clusterSize: number;
  /** 512-byte sector numbers, absolute on the disk (LBA), of a file's data in order. */
  sectorsOf(path: string): number[];
  /** Puts up to 440 bytes of boot code at the start of the MBR (keeps signature/table). */
  setMbrBootCode(code: Uint8Array): void;
  /** Lets the caller change the FAT32 boot sector; the backup at sector 6 gets the same bytes. */
  updateBootSector(update: (sector: Uint8Array) => void): void;
  /** Replaces an in-memory extra file's bytes after layout (same length). */
  replaceFileBytes(path: string, data: Uint8Array): void;
}

/** A checked and named tree, ready to be laid out on any size of target. */
export interface PreparedTree {
  root: DirNode;
  dirs: DirNode[];
}

const tooLarge = (g: Geometry, needed: number) => Math.max(0, needed - g.clusterCount) * g.clusterSize;
const mib = 1024 * 1024;

/** The error for a target below FAT32's smallest size, whatever the tree. */
export const tooSmallForFat32 = (size: number): Result<never> =>
  fail(
    appError(
      'E_TREE_TOO_LARGE',
      `A target of ${size} bytes is too small for FAT32, which needs at least ${smallestTarget} bytes.`,
    ),
  );

/** One error listing every problem, each on its own line with its path. */
function treeInvalid(problems: TreeProblem[]): Result<never> {
  const lines = sortProblems(problems).map((p) => `${p.path}: ${p.message}`);
  const detail = `${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
  return fail(appError('E_TREE_INVALID', detail));
}

/**
 * Scans and checks the tree, adds the extra files, and names everything. Reads no file contents.
 * `onFile` hears of each tree file as the scan finds it, in layout order.
 */
export async function prepareTree(
  options: Omit<ComposeOptions, 'size'>,
  onFile?: ScanOptions['onFile'],
): Promise<Result<PreparedTree>> {
  let root: DirNode = { kind: 'dir', name: '', mtimeMs: Date.now(), children: [] };
  const problems: TreeProblem[] = [];
  if (options.tree !== undefined) {
    const scanned = await scanTree(options.tree, { ...options, onFile });
    if (!scanned.ok) return scanned;
    root = scanned.value.root;
    problems.push(...scanned.value.problems);
  }
  await addExtraFiles(root, options.extraFiles ?? [], problems);
  const dirs = nameTree(root, problems);
  if (problems.length > 0) return treeInvalid(problems);
  return ok({ root, dirs });
}

/** The smallest target size, in whole MiB, that holds the prepared tree. */
export function minimumSize(prepared: PreparedTree): number {
  const fits = (size: number) => {
    const g = geometryFor(size);
    return g !== undefined && tooLarge(g, clustersNeeded(prepared.dirs, g.clusterSize)) === 0;
  };
  let low = Math.floor(smallestTarget / mib) * mib; // does not fit (or is below FAT32's minimum)
  let high = Math.ceil(smallestTarget / mib) * mib;
  // Grow by the shortfall (plus 1% for the FAT that comes with it) until it fits ...
  while (!fits(high)) {
    const g = geometryFor(high) as Geometry;
    low = high;
    high =
      Math.ceil((high + tooLarge(g, clustersNeeded(prepared.dirs, g.clusterSize)) * 1.01 + mib) / mib) * mib;
  }
  // ... then narrow down to the MiB.
  while (high - low > mib) {
    const middle = Math.floor((low + high) / 2 / mib) * mib;
    if (fits(middle)) high = middle;
    else low = middle;
  }
  return high;
}

/** Lays a prepared tree out on a target of `options.size` bytes. */
export function composePrepared(
  prepared: PreparedTree,
  options: Omit<ComposeOptions, 'tree' | 'extraFiles' | 'followSymlinks'>,
): Result<Composition> {
  const g = geometryFor(options.size);
  if (!g) return tooSmallForFat32(options.size);
  const short = tooLarge(g, clustersNeeded(prepared.dirs, g.clusterSize));
  if (short > 0)
    return fail(
      appError(
        'E_TREE_TOO_LARGE',
        `The files need ${short} bytes (${(short / mib).toFixed(1)} MiB) more than the ${options.size}-byte target holds.`,
      ),
    );
  const label = labelField(options.volumeLabel ?? 'SOURCERY');
  const layout = layOut(prepared.dirs, g, label);
  const diskSignature = options.diskSignature ?? randomDiskSignature();
  const mbr = buildMbr({
    diskSignature,
    startLba: g.partitionOffset / sectorSize,
    sectors: g.partitionSectors,
  });
  const reserved = buildReservedRegion({
    geometry: g,
    volumeId: options.volumeId ?? randomDiskSignature(),
    volumeLabel: options.volumeLabel ?? 'SOURCERY',
    freeClusters: layout.freeClusters,
    nextFreeCluster: layout.nextFree,
    rootCluster: prepared.root.cluster as number,
  });
  const extents: Extent[] = [
    { kind: 'bytes', offset: 0, length: sectorSize, data: mbr, label: 'MBR' },
    // The rest of the first MiB: wipes an old GPT's primary header and partition entries.
    {
      kind: 'zero',
      offset: sectorSize,
      length: g.partitionOffset - sectorSize,
      label: 'gap before the partition',
    },
    {
      kind: 'bytes',
      offset: g.partitionOffset,
      length: reserved.bytes.length,
      data: reserved.bytes,
      label: 'FAT32 reserved sectors',
    },
  ];
  const fatBytes = g.fatSectors * sectorSize;
  for (const n of [1, 2]) {
    const offset = g.partitionOffset + (g.reservedSectors + (n - 1) * g.fatSectors) * sectorSize;
    extents.push({ kind: 'bytes', offset, length: layout.fat.length, data: layout.fat, label: `FAT #${n}` });
    // Free FAT entries must read as zero whatever the stick held: written, as zeros.
    if (fatBytes > layout.fat.length)
      extents.push({
        kind: 'zero',
        offset: offset + layout.fat.length,
        length: fatBytes - layout.fat.length,
        label: `FAT #${n} (free)`,
      });
  }
  extents.push(...layout.extents);
  const last = extents[extents.length - 1] as Extent;
  const dataEnd = last.offset + last.length;
  // A stick that held a GPT keeps its backup header in the last sectors: zero the last MiB too.
  const tailStart = Math.max(dataEnd, g.size - mib);
  if (tailStart < g.size)
    extents.push({ kind: 'zero', offset: tailStart, length: g.size - tailStart, label: 'last MiB' });

  const plan: Plan = {
    size: g.size,
    extents,
    diskSignature,
    partition: { offset: g.partitionOffset, length: g.partitionSectors * sectorSize },
  };
  return ok(compositionOf(plan, g, prepared.root, layout.memoryExtents, mbr, reserved));
}

function compositionOf(
  plan: Plan,
  g: Geometry,
  root: DirNode,
  memoryExtents: ReturnType<typeof layOut>['memoryExtents'],
  mbr: Uint8Array,
  reserved: ReturnType<typeof buildReservedRegion>,
): Composition {
  const fileAt = (path: string) => {
    const node = findNode(root, path);
    if (node?.kind !== 'file') throw new Error(`${path} is not a file on this stick`);
    return node;
  };
  return {
    plan,
    partitionOffset: g.partitionOffset,
    clusterSize: g.clusterSize,
    sectorsOf(path) {
      const file = fileAt(path);
      if (file.cluster === undefined) return [];
      const first =
        g.partitionOffset / sectorSize + g.dataStartSector + (file.cluster - 2) * g.sectorsPerCluster;
      return Array.from({ length: Math.ceil(file.size / sectorSize) }, (_, i) => first + i);
    },
    setMbrBootCode(code) {
      if (code.length > mbrBootCodeSize)
        throw new Error(`MBR boot code is ${code.length} bytes; at most ${mbrBootCodeSize} fit`);
      mbr.set(code, 0);
    },
    updateBootSector(update) {
      update(reserved.primary);
      reserved.backup.set(reserved.primary);
    },
    replaceFileBytes(path, data) {
      const file = fileAt(path);
      const extent = memoryExtents.get(file);
      if (!extent)
        throw new Error(`${path} was not given as bytes in memory, so its bytes cannot be replaced`);
      if (data.length !== file.size)
        throw new Error(`${path} is ${file.size} bytes; its replacement must be too, not ${data.length}`);
      extent.data.set(data);
    },
  };
}

/** Checks, names and lays out the tree and boot files for a target of `options.size` bytes. */
export async function compose(options: ComposeOptions): Promise<Result<Composition>> {
  const prepared = await prepareTree(options);
  if (!prepared.ok) return prepared;
  return composePrepared(prepared.value, options);
}
