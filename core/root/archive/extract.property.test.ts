// Property: any tar (plain, gzip, zstd, xz), random or mutated, ends in a clean AppError or a safe
// extraction inside the destination, within a time bound, and nothing is written anywhere else.

import { spawnSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../errors';
import { extractArchive } from './extract';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-extract-prop-'));
  process.env.XDG_CACHE_HOME = join(dir, 'xdg');
});
afterAll(async () => {
  delete process.env.XDG_CACHE_HOME;
  await rm(dir, { recursive: true, force: true });
});

const pieces = [
  'go',
  'src',
  'a',
  '..',
  '.',
  '',
  'CON',
  'x:y',
  'end.',
  'sp ',
  'b\\c',
  'ü',
  '/',
  'C:',
  'z'.repeat(120),
];
const types = ['file', 'file', 'file', 'directory', 'symlink', 'link', 'character-device', 'fifo'] as const;

const entry = fc.record({
  name: fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 4 }).map((p) => p.join('/')),
  type: fc.constantFrom(...types),
  body: fc.uint8Array({ maxLength: 2048 }),
  mode: fc.constantFrom(0o644, 0o755, 0o4777),
});

type Entry = { name: string; type: (typeof types)[number]; body: Uint8Array; mode: number };

/** Packs entries with tar-stream; undefined when tar-stream itself will not write them. */
async function tarOf(entries: Entry[]): Promise<Buffer | undefined> {
  try {
    const packer = pack();
    const chunks: Buffer[] = [];
    packer.on('data', (c: unknown) => void chunks.push(c as Buffer));
    const ended = new Promise<void>((resolve, reject) => {
      packer.on('end', () => resolve());
      packer.on('error', reject);
    });
    for (const e of entries) {
      const header: Parameters<ReturnType<typeof pack>['entry']>[0] = {
        name: e.name,
        type: e.type,
        mode: e.mode,
      };
      if (e.type === 'symlink' || e.type === 'link') header.linkname = '../../outside';
      if (e.type === 'file') packer.entry(header, Buffer.from(e.body));
      else packer.entry(header);
    }
    packer.finalize();
    await ended;
    return Buffer.concat(chunks);
  } catch {
    return undefined;
  }
}

const compressors: Record<string, (b: Buffer) => Buffer> = {
  none: (b) => b,
  gzip: (b) => gzipSync(b),
  zstd: (b) => spawnSync('zstd', ['-q', '-c'], { input: b, maxBuffer: 1 << 26 }).stdout,
  xz: (b) => spawnSync('xz', ['-0', '-c'], { input: b, maxBuffer: 1 << 26 }).stdout,
};

const expected = new Set(['E_ARCHIVE_UNSAFE', 'E_ARCHIVE_BROKEN', 'E_NO_SPACE']);

/** Every path under `root`, with its kind. */
async function listing(root: string): Promise<string[]> {
  const names = (await readdir(root, { recursive: true })) as string[];
  return Promise.all(
    names.map(async (n) => {
      const info = await lstat(join(root, n));
      return `${info.isFile() ? 'f' : info.isDirectory() ? 'd' : 'other'} ${n}`;
    }),
  );
}

describe('extractArchive on random and mutated archives', () => {
  it('ends in a clean AppError or a safe extraction, in time, writing only inside the destination', async () => {
    let run = 0;
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(entry, { maxLength: 8 }),
        fc.constantFrom('none', 'gzip', 'zstd', 'xz'),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.option(fc.nat(), { nil: undefined }),
        async (entries, compression, flips, cut) => {
          const tar = await tarOf(entries);
          fc.pre(tar !== undefined);
          const bytes = Buffer.from((compressors[compression] as (b: Buffer) => Buffer)(tar as Buffer));
          for (const [at, value] of flips) if (bytes.length) bytes[at % bytes.length] = value;
          const archive = cut === undefined || !bytes.length ? bytes : bytes.subarray(0, cut % bytes.length);
          const box = join(dir, `run-${run++}`);
          await mkdir(join(box, 'outside'), { recursive: true });
          await writeFile(join(box, 'archive'), archive);
          const dest = join(box, 'inside', 'out');
          const attempt = extractArchive({
            archive: join(box, 'archive'),
            dest,
            limits: { maxBytes: 4 << 20, maxEntries: 64 },
          }).then(
            () => 'ok',
            (thrown: unknown) =>
              thrown instanceof EngineError ? thrown.appError.code : `thrown: ${String(thrown)}`,
          );
          const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('timed out'), 15_000));
          const outcome = await Promise.race([attempt, timeout]);
          expect(outcome === 'ok' || expected.has(outcome), outcome).toBe(true);
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          // Nothing beside the destination, nothing outside, and only plain files and folders inside.
          expect(await readdir(join(box, 'outside'))).toEqual([]);
          expect(await readdir(join(box, 'inside'))).toEqual(outcome === 'ok' ? ['out'] : []);
          if (outcome === 'ok')
            expect((await listing(dest)).filter((l) => l.startsWith('other'))).toEqual([]);
          await rm(box, { recursive: true, force: true });
        },
      ),
      {
        numRuns: 120,
        // Clean archives first, so the safe-extraction end is always reached whatever the seed.
        examples: [
          [[], 'none', [], undefined],
          [
            [{ name: 'go/VERSION', type: 'file', body: new Uint8Array([103, 111]), mode: 0o644 }],
            'zstd',
            [],
            undefined,
          ],
          [
            [{ name: 'linux_amd64/bin/init', type: 'file', body: new Uint8Array(9), mode: 0o755 }],
            'xz',
            [],
            undefined,
          ],
        ],
      },
    );
    // Both ends are reached: the examples extract, random ones are refused.
    expect(outcomes.get('ok') ?? 0).toBeGreaterThan(0);
    expect(outcomes.size).toBeGreaterThan(1);
  });
});
