// Compares a stick with the folder it was made from: files missing, extra or different, by path.

import { open } from 'node:fs/promises';
import { walkTree } from '../tree/walk';
import type { StickFile, Volume } from './volume';

export interface Difference {
  path: string;
  /** What differs, in words ("size 10 on the stick, 12 in the folder", "byte 4096 differs"). */
  reason: string;
}

export interface TreeComparison {
  missing: string[];
  extra: string[];
  different: Difference[];
  /** Files compared byte for byte, and their bytes. */
  filesChecked: number;
  bytesChecked: number;
}

export interface CompareOptions {
  signal?: AbortSignal;
  /** Extra paths that are expected (boot files the composer adds): not counted as extra. */
  expectedExtra?: (path: string) => boolean;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

/** Offset of the first byte where the stick's file differs from `source`, or undefined when equal. */
async function firstDifference(volume: Volume, file: StickFile, source: string): Promise<number | undefined> {
  const handle = await open(source, 'r');
  try {
    let offset = 0;
    for await (const piece of volume.read(file)) {
      const local = Buffer.alloc(piece.length);
      const { bytesRead } = await handle.read(local, 0, piece.length, offset);
      if (bytesRead !== piece.length || !local.equals(piece)) {
        for (let i = 0; i < piece.length; i += 1) if (local[i] !== piece[i]) return offset + i;
        return offset + bytesRead;
      }
      offset += piece.length;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

export async function compareWithTree(
  volume: Volume,
  tree: string,
  options: CompareOptions = {},
): Promise<TreeComparison> {
  const local = await walkTree(tree, options.signal);
  const onStick = new Map(volume.files.map((f) => [f.path, f]));
  const result: TreeComparison = { missing: [], extra: [], different: [], filesChecked: 0, bytesChecked: 0 };
  const bytesTotal = local.reduce((sum, e) => sum + (e.kind === 'file' ? e.size : 0), 0);
  const inTree = new Set<string>();
  for (const entry of local) {
    options.signal?.throwIfAborted();
    inTree.add(entry.path);
    const stick = onStick.get(entry.path);
    if (entry.kind !== 'file' && entry.kind !== 'directory') continue;
    if (!stick) {
      result.missing.push(entry.path);
      continue;
    }
    if (stick.isDir !== (entry.kind === 'directory')) {
      const kind = (dir: boolean) => (dir ? 'a folder' : 'a file');
      result.different.push({
        path: entry.path,
        reason: `${kind(stick.isDir)} on the stick, ${kind(!stick.isDir)} in the folder`,
      });
      continue;
    }
    if (stick.isDir) continue;
    if (stick.size !== entry.size) {
      result.different.push({
        path: entry.path,
        reason: `${stick.size} bytes on the stick, ${entry.size} in the folder`,
      });
      continue;
    }
    const at = await firstDifference(volume, stick, entry.source);
    if (at !== undefined) result.different.push({ path: entry.path, reason: `byte ${at} differs` });
    result.filesChecked += 1;
    result.bytesChecked += entry.size;
    options.onProgress?.(result.bytesChecked, bytesTotal);
  }
  for (const file of volume.files)
    if (!inTree.has(file.path) && !options.expectedExtra?.(file.path)) result.extra.push(file.path);
  return result;
}
