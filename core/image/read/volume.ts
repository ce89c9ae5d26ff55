// A FAT32 stick opened read-only: walk its files and read their contents through the FAT.

import { appError, fail, ok, type Result } from '../../../contract/errors';
import { parseBpb, type Bpb } from './bpb';
import { parseDirectory } from './dir-entry';
import { FatTable, type ClusterRun } from './fat-table';
import { findFat32Partition } from './partition';
import { openSource, type ByteSource } from './source';

export interface StickFile {
  /** "/go/src/fmt/print.go" */
  path: string;
  isDir: boolean;
  size: number;
  runs: ClusterRun[];
  /** Its short name as stored (dir-entry.ts). */
  storedName: string;
}

export interface Volume {
  bpb: Bpb;
  /** Where the volume starts on the disk, in bytes. */
  offset: number;
  /** The root folder's clusters. */
  rootRuns: ClusterRun[];
  /** Every file and folder, parents before children; or the first damage found. */
  files: StickFile[];
  /** A file's bytes, in pieces of at most `pieceBytes`. */
  read(file: StickFile, pieceBytes?: number): AsyncGenerator<Buffer>;
  close(): Promise<void>;
}

/** FAT32 allows 65,536 entries of 32 bytes in a folder. */
const maxDirectoryBytes = 65536 * 32;
/** The FAT held in memory: 64 Mi clusters, a 2 TiB stick at 32 KiB per cluster. */
const maxFatBytes = 256 * 1024 * 1024;

class StickVolume implements Volume {
  files: StickFile[] = [];
  rootRuns: ClusterRun[] = [];
  constructor(
    readonly bpb: Bpb,
    private readonly source: ByteSource,
    readonly offset: number,
    readonly fat: FatTable,
  ) {}

  private clusterOffset(cluster: number): number {
    return this.offset + this.bpb.dataOffset + (cluster - 2) * this.bpb.bytesPerCluster;
  }

  async *readRuns(runs: ClusterRun[], size: number, pieceBytes: number): AsyncGenerator<Buffer> {
    let left = size;
    for (const run of runs) {
      let offset = this.clusterOffset(run.first);
      let runLeft = Math.min(left, run.count * this.bpb.bytesPerCluster);
      while (runLeft > 0) {
        const length = Math.min(runLeft, pieceBytes);
        yield await this.source.read(offset, length);
        offset += length;
        runLeft -= length;
        left -= length;
      }
      if (left === 0) return;
    }
  }

  read(file: StickFile, pieceBytes = 4 * 1024 * 1024): AsyncGenerator<Buffer> {
    return this.readRuns(file.runs, file.size, pieceBytes);
  }

  /** Reads the whole tree breadth-first from the root cluster. */
  async walk(): Promise<Result<StickFile[]>> {
    const rootRuns = this.fat.chain(this.bpb.rootCluster, 'the root folder');
    if (!rootRuns.ok) return rootRuns;
    this.rootRuns = rootRuns.value;
    const files: StickFile[] = [];
    const pending: Array<{ path: string; runs: ClusterRun[] }> = [{ path: '', runs: rootRuns.value }];
    for (let folder = pending.shift(); folder; folder = pending.shift()) {
      const clusters = folder.runs.reduce((sum, r) => sum + r.count, 0);
      if ((clusters - 1) * this.bpb.bytesPerCluster >= maxDirectoryBytes)
        return fail(
          appError('E_VERIFY_MISMATCH', `${folder.path || '/'}: the folder is longer than FAT32 allows.`),
        );
      const pieces: Buffer[] = [];
      for await (const piece of this.readRuns(folder.runs, Number.MAX_SAFE_INTEGER, 1 << 20))
        pieces.push(piece);
      const bytes = Buffer.concat(pieces);
      for (const entry of parseDirectory(bytes)) {
        const path = `${folder.path}/${entry.name}`;
        let runs: ClusterRun[] = [];
        if (entry.firstCluster !== 0) {
          const chain = this.fat.chain(entry.firstCluster, path);
          if (!chain.ok) return chain;
          runs = chain.value;
        } else if (entry.isDir || entry.size > 0)
          return fail(appError('E_VERIFY_MISMATCH', `${path}: its directory entry points at no cluster.`));
        const clusters = runs.reduce((sum, r) => sum + r.count, 0);
        if (!entry.isDir && clusters * this.bpb.bytesPerCluster < entry.size)
          return fail(
            appError(
              'E_VERIFY_MISMATCH',
              `${path}: ${entry.size} bytes do not fit its ${clusters} clusters.`,
            ),
          );
        files.push({
          path,
          isDir: entry.isDir,
          size: entry.isDir ? 0 : entry.size,
          runs,
          storedName: entry.storedName,
        });
        if (entry.isDir) pending.push({ path, runs });
      }
    }
    return ok(files);
  }

  close(): Promise<void> {
    return this.source.close();
  }
}

/** Opens a stick or image read-only and lists every file on it. */
export async function openVolume(path: string): Promise<Result<Volume>> {
  const opened = await openSource(path);
  if (!opened.ok) return opened;
  return openVolumeOn(opened.value);
}

/** The same on any byte source (closed again when the result is an error). */
export async function openVolumeOn(source: ByteSource): Promise<Result<Volume>> {
  const outcome = await (async (): Promise<Result<Volume>> => {
    const span = findFat32Partition(await source.read(0, 512), Number.MAX_SAFE_INTEGER);
    if (!span.ok) return span;
    const bpb = parseBpb(await source.read(span.value.offset, 512));
    if (!bpb.ok) return bpb;
    // Only the entries of clusters that exist: the header's FAT size may promise far more.
    const fatLength = bpb.value.clusterLimit * 4;
    if (fatLength > maxFatBytes)
      return fail(
        appError(
          'E_VERIFY_MISMATCH',
          `The FAT32 volume has ${bpb.value.clusterLimit} clusters, more than a stick has.`,
          {
            hint: 'The stick does not hold a file system we wrote; flash it again or try another stick.',
          },
        ),
      );
    const fatBytes = await source.read(span.value.offset + bpb.value.fatOffset, fatLength);
    const volume = new StickVolume(
      bpb.value,
      source,
      span.value.offset,
      new FatTable(fatBytes, bpb.value.clusterLimit),
    );
    const files = await volume.walk();
    if (!files.ok) return files;
    volume.files = files.value;
    return ok(volume);
  })();
  if (!outcome.ok) await source.close();
  return outcome;
}
