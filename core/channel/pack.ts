// Packs a root into a reproducible .tar.zst: entries sorted, owners and times fixed, modes reduced to
// 0755/0644, so the same root gives the same SHA-256 every time, on any machine with the same zstd.

import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { pack as tarPack, type Pack } from 'tar-stream';
import { appError, EngineError } from '../errors';
import { walkTree } from '../image/tree/walk';

/** Every entry's time: 2020-01-01, after FAT32's 1980 epoch, so the dates survive a stick. */
export const fixedTime = new Date(Date.UTC(2020, 0, 1));

/** zstd's level for published roots: a fifth of level 19's time for a few percent more bytes. */
const zstdLevel = 10;

export interface Packed {
  sha256: string;
  size: number;
  files: number;
}

/** Adds a file's bytes as one entry, streamed, and waits for tar-stream to take them. */
function addFile(pack: Pack, name: string, source: string, size: number, mode: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const entry = pack.entry(
      { name, size, mode, mtime: fixedTime, uid: 0, gid: 0, uname: '', gname: '', type: 'file' },
      (error) => (error ? reject(error) : resolve()),
    );
    const read = createReadStream(source);
    read.on('error', (error) => {
      entry.destroy(error);
      reject(error);
    });
    read.pipe(entry);
  });
}

/** Writes `dir` as a reproducible tar.zst to `out`, returning its SHA-256 and size. */
export async function packRoot(dir: string, out: string, signal?: AbortSignal): Promise<Packed> {
  const entries = await walkTree(dir, signal);
  const odd = entries.filter((e) => e.kind === 'symlink' || e.kind === 'other');
  if (odd.length > 0)
    throw new EngineError(
      appError(
        'E_ROOT_INVALID',
        `${dir} holds ${odd.length} links or special files, which a root cannot carry.`,
        {
          hint: `Remove them (the first is ${odd[0]!.path}); a FAT32 stick holds only files and folders.`,
        },
      ),
    );
  const pack = tarPack();
  const zstd = execa('zstd', ['-q', `-${zstdLevel}`, '-T0', '-c'], {
    stdin: 'pipe',
    buffer: false,
    cancelSignal: signal,
    stderr: 'pipe',
  });
  pack.pipe(zstd.stdin!);
  const hash = createHash('sha256');
  let size = 0;
  const written = pipeline(
    zstd.stdout!,
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    },
    createWriteStream(out, { mode: 0o644 }),
  );
  let files = 0;
  // walkTree's order is by path; sorting again pins it to code units, whatever the walker does.
  for (const entry of [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    signal?.throwIfAborted();
    const name = entry.path.slice(1);
    if (entry.kind === 'directory') {
      pack.entry({
        name,
        mode: 0o755,
        mtime: fixedTime,
        uid: 0,
        gid: 0,
        uname: '',
        gname: '',
        type: 'directory',
      });
      continue;
    }
    const info = await stat(entry.source);
    await addFile(pack, name, entry.source, info.size, info.mode & 0o111 ? 0o755 : 0o644);
    files += 1;
  }
  pack.finalize();
  try {
    await Promise.all([written, zstd]);
  } catch (thrown) {
    const failure = thrown as { code?: string; message: string };
    if (failure.code === 'ENOENT')
      throw new EngineError(
        appError('E_TOOL_MISSING', 'Publishing needs `zstd`, which is not installed.', {
          hint: 'Install it: sudo apt-get install zstd',
        }),
      );
    throw thrown;
  }
  return { sha256: hash.digest('hex'), size, files };
}
