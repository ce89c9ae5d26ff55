// Extracts a tar archive into a new folder, refusing anything that could land outside it.
//
// Absolute paths, ".." segments, symbolic and hard links, devices and FIFOs are refused
// (E_ARCHIVE_UNSAFE): a root has none of them, and each is a way to write outside the folder.
// Everything goes into a staging folder first; on any refusal the staging folder is deleted.

import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { extract as tarExtract, type Header } from 'tar-stream';
import { appError, EngineError } from '../../errors';
import { etaOf, SpeedMeter, type RootEvents } from '../progress';
import { openTar } from './decompress';

export interface ExtractOptions extends RootEvents {
  archive: string;
  /** The folder to create; it must not exist, or be empty. */
  dest: string;
  signal?: AbortSignal;
}

/** The entry's path split into safe segments, or the reason it is unsafe. */
export function safeSegments(name: string): string[] | string {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'has an absolute path';
  const segments = name.split(/[/\\]/).filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return 'climbs out with ".."';
  return segments;
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
    appError('E_ARCHIVE_UNSAFE', `${archive}: the entry "${name}" ${why}; nothing was kept.`),
  );
}

async function writeEntries(
  options: ExtractOptions,
  staging: string,
  tar: NodeJS.ReadableStream,
): Promise<number> {
  const extractor = tarExtract();
  const feeding = pipeline(tar, extractor);
  // A refusal below stops the loop and breaks this pipeline; that error is the refusal's, not a new one.
  feeding.catch(() => undefined);
  let files = 0;
  for await (const entry of extractor) {
    options.signal?.throwIfAborted();
    const { name, type } = entry.header;
    const why = unsafeTypes[type ?? 'file'];
    if (why) refuse(options.archive, name, why);
    const segments = safeSegments(name);
    if (typeof segments === 'string') refuse(options.archive, name, segments);
    const target = join(staging, ...segments);
    if (type === 'directory') {
      await mkdir(target, { recursive: true });
      entry.resume();
    } else if (type === 'file' || type === 'contiguous-file' || type === undefined) {
      await mkdir(dirname(target), { recursive: true });
      // Executable bits matter (init, go, installcommand); other mode bits do not on FAT32.
      const mode = (entry.header.mode ?? 0o644) & 0o111 ? 0o755 : 0o644;
      await pipeline(entry, createWriteStream(target, { mode }));
      files += 1;
    } else {
      entry.resume(); // pax and GNU long-name headers are handled by tar-stream itself
    }
  }
  await feeding;
  return files;
}

/** Extracts `archive` into `dest`; returns how many files it wrote. */
export async function extractArchive(options: ExtractOptions): Promise<number> {
  if ((await readdir(options.dest).catch(() => [])).length > 0) {
    throw new EngineError(
      appError('E_IO', `${options.dest} is not empty`, {
        hint: 'Choose a new or empty folder for the root.',
      }),
    );
  }
  const total = (await stat(options.archive)).size;
  const staging = `${options.dest}.partial-${process.pid}-${Date.now()}`;
  await mkdir(staging, { recursive: true });
  const source = await openTar(options.archive, options.signal);
  const meter = new SpeedMeter();
  let read = 0;
  try {
    // No await between here and the pipeline in writeEntries: a 'data' listener starts a plain
    // .tar flowing, and bytes that flow before the extractor is attached would be lost.
    source.raw.on('data', (chunk: Buffer) => {
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
    const files = await Promise.all([writeEntries(options, staging, source.stream), source.done]).then(
      ([n]) => n,
    );
    await rmdir(options.dest).catch(() => undefined); // an empty folder the user chose may stand there
    await rename(staging, options.dest);
    return files;
  } catch (thrown) {
    source.raw.destroy();
    source.stream.destroy();
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
