// Lays a named tree out on a FAT32 geometry: clusters, the FAT, folder bytes, and the data extents.

import { encodeDirectory } from './dir-entries';
import { clusterOffset, type Geometry } from './geometry';
import { sectorSize } from './mbr';
import type { BytesExtent, Extent } from '../../io/plan';
import { childPath, sourceIdOf, type DirNode, type FileNode } from '../tree/tree';
import { folderPaths } from './naming';

const endOfChain = 0x0fffffff;
const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;
const clustersFor = (bytes: number, clusterSize: number): number => Math.ceil(bytes / clusterSize);

/**
 * Every file in layout order: the tree's, folder by folder (pre-order) in each folder's entry order,
 * which is the order the scan finds them in; then the boot files, the same way.
 */
function filesInOrder(dirs: DirNode[], paths: Map<DirNode, string>): { file: FileNode; path: string }[] {
  const files: { file: FileNode; path: string }[] = [];
  for (const extra of [false, true])
    for (const dir of dirs) {
      const dirPath = paths.get(dir) ?? '/';
      for (const child of dir.children)
        if (child.kind === 'file' && child.size > 0 && (child.extra ?? false) === extra)
          files.push({ file: child, path: childPath(dirPath, child.name) });
    }
  return files;
}

/** Clusters the named tree needs on a given cluster size. */
export function clustersNeeded(dirs: DirNode[], clusterSize: number): number {
  let total = 0;
  for (const dir of dirs) {
    total += clustersFor((dir.entryCount ?? 0) * 32, clusterSize);
    for (const child of dir.children)
      if (child.kind === 'file') total += clustersFor(child.size, clusterSize);
  }
  return total;
}

export interface Layout {
  /** Extents of the data region, sorted. */
  extents: Extent[];
  /** The used part of one FAT (both FATs are equal), a multiple of 512 bytes. */
  fat: Uint8Array;
  /** First free cluster and the count of free clusters, for FSInfo. */
  nextFree: number;
  freeClusters: number;
  /** The extent of each in-memory file, so its bytes can be replaced after layout. */
  memoryExtents: Map<FileNode, BytesExtent>;
}

/**
 * Files first, from cluster 2, folder by folder, each in one run of clusters; then all folders
 * (root first, then pre-order) in one compact region. A package's files sit next to each other, so
 * reading one is a sequential read, and path lookups on the booted stick touch only the folder
 * region. Files come first because their places then depend only on the files before them, not on
 * the folders' sizes (known only once the whole tree is named): an image can be streamed while the
 * tree is still being scanned (compose-to-file.ts). The BPB says where the root folder is; every FAT
 * reader we boot with (syslinux, U-Boot, EDK2, Linux) reads it from there.
 */
export function layOut(dirs: DirNode[], g: Geometry, volumeLabel: string): Layout {
  const cs = g.clusterSize;
  const paths = folderPaths(dirs[0] as DirNode);
  const files = filesInOrder(dirs, paths);
  let next = 2;
  for (const { file } of files) {
    file.cluster = next;
    next += clustersFor(file.size, cs);
  }
  for (const dir of dirs) {
    dir.cluster = next;
    next += clustersFor((dir.entryCount ?? 0) * 32, cs);
  }
  const fat = new Uint8Array(alignUp(next * 4, sectorSize));
  const view = new DataView(fat.buffer);
  view.setUint32(0, 0x0ffffff8, true); // media byte copy
  view.setUint32(4, endOfChain, true);
  const chain = (first: number, count: number) => {
    for (let c = first; c < first + count - 1; c++) view.setUint32(c * 4, c + 1, true);
    view.setUint32((first + count - 1) * 4, endOfChain, true);
  };

  const extents: Extent[] = [];
  const memoryExtents = new Map<FileNode, BytesExtent>();
  for (const { file, path } of files) {
    const first = file.cluster as number;
    chain(first, clustersFor(file.size, cs));
    // Only the file's own sectors are written; the slack after its end is never read by anyone.
    const offset = clusterOffset(g, first);
    const length = alignUp(file.size, sectorSize);
    if (file.data) {
      const data = new Uint8Array(length);
      data.set(file.data);
      const extent: BytesExtent = { kind: 'bytes', offset, length, data, label: path };
      memoryExtents.set(file, extent);
      extents.push(extent);
    } else {
      const source = file.source as string;
      extents.push({
        kind: 'file',
        offset,
        length,
        source,
        sourceId: sourceIdOf(file),
        sourceOffset: 0,
        sourceLength: file.size,
        label: path,
      });
    }
  }
  const root = dirs[0];
  const parents = new Map<DirNode, DirNode>();
  for (const dir of dirs) for (const child of dir.children) if (child.kind === 'dir') parents.set(child, dir);
  for (const dir of dirs) {
    const first = dir.cluster as number;
    const count = clustersFor((dir.entryCount ?? 0) * 32, cs);
    chain(first, count);
    const parent = parents.get(dir);
    const bytes = encodeDirectory(dir, {
      isRoot: dir === root,
      parentCluster: parent === undefined || parent === root ? 0 : (parent.cluster as number),
      volumeLabel,
    });
    const offset = clusterOffset(g, first);
    const data = bytes;
    const label = paths.get(dir) ?? dir.name;
    extents.push({ kind: 'bytes', offset, length: data.length, data, label });
    // The rest of the folder's clusters must read as free entries, whatever the stick held before.
    if (count * cs > data.length)
      extents.push({ kind: 'zero', offset: offset + data.length, length: count * cs - data.length, label });
  }
  return { extents, fat, nextFree: next, freeClusters: g.clusterCount - (next - 2), memoryExtents };
}
