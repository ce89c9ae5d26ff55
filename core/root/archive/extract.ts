// Extracts a tar archive into a new folder, refusing anything that could land outside it.
//
// Absolute paths, ".." segments, symbolic and hard links, devices, FIFOs and names Windows cannot
// hold are refused (E_ARCHIVE_UNSAFE): a root has none of them, and each is a way to write outside
// the folder. Everything goes into a staging folder made fresh beside the destination (mkdtemp: an
// unpredictable name, never an existing folder or link); on any refusal the staging folder is deleted.
// Bytes and entries are capped while streaming (limits.ts), so a decompression bomb stops early.

import { createWriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract as tarExtract, type Header } from 'tar-stream';
import { appError, EngineError } from '../../errors';
import { madeRootsDir, outputState, recordMade } from '../output-folder';
import { etaOf, SpeedMeter, type RootEvents } from '../progress';
import { openTar } from './decompress';
import { safeSegments } from './entry-names';
import {
  boundByFreeSpace,
  byteCap,
  defaultExtractLimits,
  tooLarge,
  type ByteBudget,
  type ExtractLimits,
} from './limits';

export { safeSegments } from './entry-names';

export interface ExtractOptions extends RootEvents {
  archive: string;
  /** The folder to create: new, empty, or a root Sourcery Flasher made (then replaced whole). */
  dest: string;
  signal?: AbortSignal;
  limits?: Partial<ExtractLimits>;
  /** Recorded with the folder, so a later open of the same archive can reuse it. */
  archiveSha256?: string;
  /** Where the records of folders we made are kept (tests). */
  registry?: string;
  /** Awaited once every file is written, before the folder is put in place; a throw keeps nothing. */
  beforeInstall?: () => Promise<void>;
}

const unsafeTypes: Partial<Record<NonNullable<Header['type']>, string>> = {
  symlink: 'is a symbolic link',
  link: 'is a hard link',
  'character-device': 'is a device file',
  'block-device': 'is a device file',
  fifo: 'is a FIFO',
};

function refuse(archive: string, name: string, why: string): never {
  throw new EngineError(
    appError('E_ARCHIVE_UNSAFE', `${archive}: the entry "${name.slice(0, 300)}" ${why}; nothing was kept.`),
  );
}

/** Files up to this size are read whole and written while the next entries are read. */
const bufferedFile = 4 * 1024 * 1024;
/** At most this many buffered bytes and files wait for the disk at once. */
const bufferedBytes = 64 * 1024 * 1024;
const parallelWrites = 16;

async function readWhole(entry: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of entry) chunks.push(chunk as Buffer);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/**
 * Writes to disk beside the reading: a root is thousands of small files, and one open, write and
 * close after another leaves the thread waiting on each. Folders are made once each.
 */
class ParallelWriter {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly made = new Map<string, Promise<unknown>>();
  private bytes = 0;
  private failure: { error: unknown } | undefined;

  folder(path: string): Promise<unknown> {
    let made = this.made.get(path);
    if (!made) {
      made = mkdir(path, { recursive: true });
      this.made.set(path, made);
    }
    return made;
  }

  async file(target: string, mode: number, data: Buffer): Promise<void> {
    this.check();
    while (
      this.inFlight.size >= parallelWrites ||
      (this.bytes > 0 && this.bytes + data.length > bufferedBytes)
    )
      await Promise.race(this.inFlight);
    this.check();
    this.bytes += data.length;
    const work: Promise<void> = this.folder(dirname(target))
      // 'wx': a name that came twice (or a folder's name) is an error, never a second write through it.
      .then(() => writeFile(target, data, { mode, flag: 'wx' }))
      .catch((error: unknown) => void (this.failure ??= { error }))
      .finally(() => {
        this.bytes -= data.length;
        this.inFlight.delete(work);
      });
    this.inFlight.add(work);
  }

  /** Waits for every write; the first failure is thrown. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
    this.check();
  }

  private check(): void {
    if (this.failure) throw this.failure.error;
  }
}

async function writeEntries(
  options: ExtractOptions,
  staging: string,
  tar: NodeJS.ReadableStream,
  limits: ExtractLimits,
  budget: ByteBudget,
): Promise<number> {
  const extractor = tarExtract();
  const feeding = pipeline(tar, extractor);
  // A refusal below stops the loop and breaks this pipeline; that error is the refusal's, not a new one.
  feeding.catch(() => undefined);
  const writer = new ParallelWriter();
  let files = 0;
  let entries = 0;
  let declared = 0;
  try {
    for await (const entry of extractor) {
      options.signal?.throwIfAborted();
      const { name, type } = entry.header;
      entries += 1;
      if (entries > limits.maxEntries)
        refuse(options.archive, name, `is one more than the ${limits.maxEntries} entries allowed`);
      const why = unsafeTypes[type ?? 'file'];
      if (why) refuse(options.archive, name, why);
      const segments = safeSegments(name);
      if (typeof segments === 'string') refuse(options.archive, name, segments);
      // Refused before a byte of it is written, from the size its header claims.
      declared += entry.header.size ?? 0;
      if (declared > budget.bytes) throw tooLarge(options.archive, budget);
      const target = join(staging, ...segments);
      if (type === 'directory') {
        await writer.folder(target);
        entry.resume();
      } else if (type === 'file' || type === 'contiguous-file' || type === undefined) {
        if (segments.length === 0) refuse(options.archive, name, 'is a file without a name');
        // Executable bits matter (init, go, installcommand); other mode bits do not on FAT32.
        const mode = (entry.header.mode ?? 0o644) & 0o111 ? 0o755 : 0o644;
        if ((entry.header.size ?? 0) <= bufferedFile) {
          await writer.file(target, mode, await readWhole(entry));
        } else {
          await writer.settle(); // a large file streams; what came before it is on disk first
          await writer.folder(dirname(target));
          await pipeline(entry, createWriteStream(target, { mode, flags: 'wx' }));
        }
        files += 1;
      } else {
        entry.resume(); // pax and GNU long-name headers are handled by tar-stream itself
      }
    }
    await writer.settle();
  } finally {
    // Nothing may still be writing when the caller deletes the staging folder.
    await writer.settle().catch(() => undefined);
  }
  await feeding;
  return files;
}

/** Puts the finished staging folder where `dest` is: into a new or empty place, or over a root of ours. */
async function install(staging: string, dest: string, replacing: boolean): Promise<void> {
  await chmod(staging, 0o755);
  if (!replacing) {
    await rmdir(dest).catch(() => undefined); // an empty folder the user chose may stand there
    await rename(staging, dest);
    return;
  }
  const old = await mkdtemp(join(dirname(dest), `.${basename(dest)}.old-`));
  await rename(dest, join(old, 'root'));
  try {
    await rename(staging, dest);
  } catch (thrown) {
    await rename(join(old, 'root'), dest);
    throw thrown;
  }
  await rm(old, { recursive: true, force: true });
}

/** Extracts `archive` into `dest`; returns how many files it wrote. */
export async function extractArchive(options: ExtractOptions): Promise<number> {
  const dest = resolve(options.dest);
  const registry = options.registry ?? madeRootsDir();
  const replacing = (await outputState(dest, registry)) === 'ours';
  const limits = { ...defaultExtractLimits, ...options.limits };
  const total = (await stat(options.archive)).size;
  await mkdir(dirname(dest), { recursive: true });
  const staging = await mkdtemp(join(dirname(dest), `.${basename(dest)}.partial-`));
  const budget = await boundByFreeSpace(staging, limits.maxBytes);
  const meter = new SpeedMeter();
  let read = 0;
  let source: Awaited<ReturnType<typeof openTar>> | undefined;
  let capped: Transform | undefined;
  try {
    source = await openTar(options.archive, options.signal);
    const raw = source.raw;
    // No await between here and the pipeline in writeEntries: a 'data' listener starts a plain
    // .tar flowing, and bytes that flow before the extractor is attached would be lost.
    raw.on('data', (chunk: Buffer) => {
      read += chunk.length;
      const speed = meter.sample(read);
      const eta = etaOf(read, total, speed);
      options.onProgress?.({
        phase: 'extracting',
        step: options.archive,
        bytesDone: read,
        bytesTotal: total,
        speed,
        ...(eta === undefined ? {} : { eta }),
      });
    });
    const cap = byteCap(options.archive, budget);
    capped = cap;
    source.stream.on('error', (error) => cap.destroy(error)); // pipe() does not pass errors on
    source.stream.pipe(cap);
    const files = await Promise.all([writeEntries(options, staging, cap, limits, budget), source.done]).then(
      ([n]) => n,
    );
    await options.beforeInstall?.();
    await install(staging, dest, replacing);
    await recordMade(dest, options.archiveSha256 ? { archive: options.archiveSha256 } : {}, registry);
    return files;
  } catch (caught) {
    source?.stop();
    // The cap's own error, if it was reached, says more than whatever it broke downstream.
    const thrown: unknown = capped?.errored instanceof EngineError ? capped.errored : caught;
    await rm(staging, { recursive: true, force: true });
    if (thrown instanceof EngineError) throw thrown;
    if (options.signal?.aborted) throw thrown;
    throw new EngineError(
      appError('E_ARCHIVE_BROKEN', `${options.archive} could not be read as a tar archive`, {
        cause: (thrown as Error).message,
      }),
    );
  }
}
