// L4: archives cannot fill the disk (bombs stop while streaming), name Windows devices or streams, or
// steer the staging folder through a link planted where its name was predictable.

import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRoot, tarDir } from '../testing/make-root';
import { extractArchive } from './extract';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-l4-'));
  process.env.XDG_CACHE_HOME = join(dir, 'xdg');
});
afterEach(async () => {
  delete process.env.XDG_CACHE_HOME;
  await rm(dir, { recursive: true, force: true });
});

/** A tar holding one file of `bytes` zeros, as a stream. */
function zeroTar(bytes: number): Readable {
  const packer = pack();
  const entry = packer.entry({ name: 'go/zeros', size: bytes, type: 'file' }, () => packer.finalize());
  const chunk = Buffer.alloc(1 << 20); // bytes is a whole number of these
  void (async () => {
    for (let left = bytes; left > chunk.length; left -= chunk.length) {
      if (!entry.write(chunk)) await new Promise<void>((resolve) => entry.once('drain', () => resolve()));
    }
    entry.end(chunk);
  })();
  return Readable.from(packer as AsyncIterable<Buffer>);
}

/** Compresses a stream with a program (zstd, xz) into `file`. */
async function compressWith(tool: string, args: string[], input: Readable, file: string): Promise<void> {
  const child = spawn(tool, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve(code) : reject(new Error(`${tool} ${code}`)))),
  );
  await Promise.all([pipeline(input, child.stdin), pipeline(child.stdout, createWriteStream(file)), exited]);
}

const tree = async (path: string): Promise<string[]> =>
  existsSync(path) ? ((await readdir(path, { recursive: true })) as string[]) : [];

describe('L4: decompression bombs are stopped while streaming', () => {
  const expanded = 256 << 20;
  const limit = 8 << 20;
  const bombs: [string, (file: string) => Promise<void>][] = [
    ['zstd', (file) => compressWith('zstd', ['-1', '-c'], zeroTar(expanded), file)],
    ['gzip', (file) => pipeline(zeroTar(expanded), createGzip({ level: 1 }), createWriteStream(file))],
    ['xz', (file) => compressWith('xz', ['-0', '-c'], zeroTar(expanded / 4), file)],
  ];
  for (const [kind, make] of bombs) {
    it(`stops a ${kind} bomb at the byte limit, keeps nothing, and stops the decompressor`, async () => {
      const archive = join(dir, `bomb.tar.${kind}`);
      await make(archive);
      const started = Date.now();
      await expect(
        extractArchive({ archive, dest: join(dir, 'out'), limits: { maxBytes: limit } }),
      ).rejects.toMatchObject({ appError: { code: 'E_ARCHIVE_UNSAFE' } });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(existsSync(join(dir, 'out'))).toBe(false);
      expect((await readdir(dir)).filter((n) => n.includes('partial'))).toEqual([]);
    });
  }

  it('cuts off decompressed bytes that no header declares (zeros after the archive)', async () => {
    const archive = join(dir, 'trailing.tar.zst');
    const small = pack();
    small.entry({ name: 'go/VERSION', type: 'file' }, 'go1.22');
    small.finalize();
    const zeros = async function* (): AsyncGenerator<Buffer> {
      for await (const chunk of small) yield chunk as Buffer;
      const block = Buffer.alloc(1 << 20);
      for (let i = 0; i < 256; i++) yield block;
    };
    await compressWith('zstd', ['-1', '-c'], Readable.from(zeros()), archive);
    await expect(
      extractArchive({ archive, dest: join(dir, 'out'), limits: { maxBytes: limit } }),
    ).rejects.toMatchObject({ appError: { code: 'E_ARCHIVE_UNSAFE' } });
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('stops an archive with too many entries', async () => {
    const archive = join(dir, 'many.tar');
    const packer = pack();
    const done = pipeline(packer, createWriteStream(archive));
    for (let i = 0; i < 200; i++) packer.entry({ name: `d/${i}`, type: 'file' }, '');
    packer.finalize();
    await done;
    await expect(
      extractArchive({ archive, dest: join(dir, 'out'), limits: { maxEntries: 100 } }),
    ).rejects.toMatchObject({ appError: { code: 'E_ARCHIVE_UNSAFE' } });
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('L4: names Windows reserves are refused', () => {
  for (const name of [
    'go/CON',
    'go/aux.txt',
    'go/file.go:stream',
    'go/trailing.',
    'go/trailing ',
    'go/a<b',
    'go/LPT1',
  ]) {
    it(`refuses "${name}"`, async () => {
      const archive = join(dir, 'win.tar');
      const packer = pack();
      const done = pipeline(packer, createWriteStream(archive));
      packer.entry({ name, type: 'file' }, 'x');
      packer.finalize();
      await done;
      await expect(extractArchive({ archive, dest: join(dir, 'out') })).rejects.toMatchObject({
        appError: { code: 'E_ARCHIVE_UNSAFE' },
      });
      expect(existsSync(join(dir, 'out'))).toBe(false);
    });
  }
});

describe('L4: the staging folder cannot be steered', () => {
  it('ignores links planted at the names a staging folder used to get', async () => {
    await makeRoot(join(dir, 'made'));
    tarDir(join(dir, 'made'), join(dir, 'root.tar'), '');
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(elsewhere);
    const dest = join(dir, 'out');
    // The old name was `${dest}.partial-<pid>-<ms>`: plant a link for every millisecond of the next seconds.
    const now = Date.now();
    for (let ms = now; ms < now + 3000; ms++)
      await symlink(elsewhere, `${dest}.partial-${process.pid}-${ms}`).catch(() => undefined);
    await extractArchive({ archive: join(dir, 'root.tar'), dest });
    expect(await tree(elsewhere)).toEqual([]);
    expect(existsSync(join(dest, 'go', 'VERSION'))).toBe(true);
  });
});
