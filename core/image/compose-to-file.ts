// Composes a tree straight into an image file, writing the tree's files while the scan goes on.

import { appError, EngineError, fail, ok, type Result } from '../errors';
import {
  composePrepared,
  prepareTree,
  tooSmallForFat32,
  type ComposeOptions,
  type Composition,
} from './compose';
import { clusterOffset, geometryFor } from './fat32/geometry';
import { sectorSize } from './fat32/mbr';
import { ExtentFeed, readChunksInParallel } from '../io/parallel-chunks';
import { planBytes, type Extent } from '../io/plan';
import { sourceIdOf, type FileNode } from './tree/tree';
import { imageChunkSize, readOptions, writeChunksToFile, type WriteToFileOptions } from '../io/stream';

export interface ComposeToFileOptions extends ComposeOptions, WriteToFileOptions {
  /**
   * Called with the composition before anything but the tree's files is written: the place to set
   * boot code or replace boot files' bytes (`Composition`'s hooks).
   */
  onComposed?: (composition: Composition) => void;
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/**
 * `compose` then `writePlanToFile`, overlapped: the files of the tree take the first clusters in
 * the order the scan finds them (layout.ts), so each file's place is known as soon as it is found,
 * and the I/O threads read files into the image while later folders are still being listed. The
 * folders, FATs and boot sectors follow once the tree is named and laid out. The result is the
 * same image, byte for byte, as composing first and writing after. A problem with the tree still
 * writes nothing: the half-written image beside `file` is removed, and `file` is left as it was.
 */
export async function composeToFile(
  file: string,
  options: ComposeToFileOptions,
): Promise<Result<{ composition: Composition; bytesWritten: number }>> {
  const g = geometryFor(options.size);
  if (!g) return tooSmallForFat32(options.size);

  const feed = new ExtentFeed(g.size, imageChunkSize);
  // Where each streamed file went, to check against the plan: its offset and the node's own path
  // string, not its extent (why: docs/COMPOSER.md §"Writing while scanning").
  const offsets: number[] = [];
  const sources: string[] = [];
  let next = 2;
  let full = false;
  const onFile = (node: FileNode, path: string) => {
    if (full || node.size === 0 || node.source === undefined) return;
    const clusters = Math.ceil(node.size / g.clusterSize);
    // Past the end: stop placing; composing below reports by how much the tree is too large.
    if (next + clusters > g.clusterCount + 2) {
      full = true;
      return;
    }
    const extent: Extent = {
      kind: 'file',
      offset: clusterOffset(g, next),
      length: alignUp(node.size, sectorSize),
      source: node.source,
      sourceId: sourceIdOf(node),
      sourceOffset: 0,
      sourceLength: node.size,
      label: path,
    };
    next += clusters;
    offsets.push(extent.offset);
    sources.push(node.source);
    feed.add(extent);
  };

  const total: { bytes?: number } = {}; // known once composed; progress is reported from then on
  const writing = writeChunksToFile(
    file,
    g.size,
    (pool) => readChunksInParallel(feed, { ...readOptions(options), pool }),
    { ...options, totalBytes: () => total.bytes },
  );

  const prepared = await prepareTree(options, onFile);
  const composed = prepared.ok ? composePrepared(prepared.value, options) : prepared;
  if (!composed.ok) {
    feed.fail(new EngineError(composed.error));
    await writing;
    return composed;
  }
  const composition = composed.value;
  const { extents } = composition.plan;
  // The plan places the streamed files exactly where they went, as one run of its extents.
  const count = offsets.length;
  const first = count > 0 ? extents.findIndex((e) => e.offset === offsets[0]) : 0;
  const placed = (i: number) => {
    const extent = extents[first + i];
    return extent?.kind === 'file' && extent.offset === offsets[i] && extent.source === sources[i];
  };
  for (let i = 0; i < count; i++)
    if (first < 0 || !placed(i)) {
      const error = appError(
        'E_INTERNAL',
        'The layout placed the tree files elsewhere than they were written.',
      );
      feed.fail(new EngineError(error));
      await writing;
      return fail(error);
    }
  options.onComposed?.(composition);
  total.bytes = planBytes(composition.plan);
  // What follows the files (boot files, folders, the last MiB) continues their run; what lies
  // before them (MBR, boot sectors, FATs) is a run of its own.
  for (const extent of extents.slice(first + count)) feed.add(extent);
  feed.cut();
  for (const extent of extents.slice(0, first)) feed.add(extent);
  feed.end();
  const written = await writing;
  return written.ok ? ok({ composition, ...written.value }) : written;
}
