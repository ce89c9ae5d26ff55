// Property: mutated, truncated or extended .deb packages (ar around tar, plain, gzip and xz) end in a
// clean AppError or an unpacked folder inside the cache, each within 2 s; never a throw or a hang.

import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { unpackDeb } from './deb';
import { arArchive, debArchive, tarEnd, tarFile, tarHeader } from '../testing/archives';
import { fakeBzImage, fakeKernelDeb } from '../testing/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'sourcery-deb-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dataTar = Buffer.concat([
  tarHeader('./', 0, '5'),
  tarHeader('./boot/', 0, '5'),
  tarFile('./boot/vmlinuz-1', fakeBzImage(4096)),
  tarFile('./boot/config-1', Buffer.from('CONFIG_VFAT_FS=y\n')),
  tarFile('./usr/lib/modules/1/kernel/fs/fat/fat.ko', Buffer.alloc(3000, 7)),
  tarFile('./usr/share/doc/empty', Buffer.alloc(0)),
  tarFile('./lib/link', Buffer.alloc(0), '2'),
  tarEnd(),
]);
const bases: Buffer[] = [
  debArchive('data.tar', dataTar),
  debArchive('data.tar.gz', gzipSync(dataTar)),
  debArchive('data.tar.xz', execFileSync('xz', ['-c'], { input: dataTar })),
  readFileSync(
    fakeKernelDeb({ kernel: fakeBzImage(8192), vfatLine: 'CONFIG_VFAT_FS=y', compression: 'gzip' }),
  ),
];
const expectedCodes = ['E_KERNEL_INVALID', 'E_ARCHIVE_UNSAFE'];

/** Every path under `root`, refusing anything but folders and regular files. */
function walk(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    const info = lstatSync(path);
    if (info.isDirectory()) return walk(path);
    expect(info.isFile()).toBe(true);
    return [path];
  });
}

const mutation = fc.record({
  base: fc.nat({ max: bases.length - 1 }),
  flips: fc.array(
    fc.record({ at: fc.nat(), nearStart: fc.boolean(), value: fc.integer({ min: 0, max: 255 }) }),
    { maxLength: 6 },
  ),
  cut: fc.option(fc.nat(), { freq: 3 }),
  extra: fc.option(fc.uint8Array({ maxLength: 2048 }), { freq: 4 }),
});

const withinTwoSeconds = <T>(work: Promise<T>): Promise<T> =>
  Promise.race([
    work,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('took more than 2 s')), 2000)),
  ]);

let run = 0;
describe('unpacking damaged and hostile packages', () => {
  it('ends in an AppError or files inside the cache, each within 2 s', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async ({ base, flips, cut, extra }) => {
        const bytes = Buffer.from(bases[base] ?? []);
        // Half the flips land in the first 4 KiB: the ar headers and the first tar headers live there.
        for (const { at, nearStart, value } of flips) bytes[at % (nearStart ? 4096 : bytes.length)] = value;
        let deb = cut === null ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
        if (extra) deb = Buffer.concat([deb, extra]);
        run += 1;
        const path = join(dir, `case-${run}.deb`);
        const cacheRoot = join(dir, `cache-${run}`);
        writeFileSync(path, deb);
        try {
          const result = await withinTwoSeconds(
            unpackDeb(path, { cacheRoot, limits: { unpackedBytes: 64 * 1024 * 1024, entries: 1000 } }),
          );
          if (!result.ok) {
            expect(expectedCodes).toContain(result.error.code);
            return;
          }
          expect(result.value.startsWith(cacheRoot)).toBe(true);
          walk(cacheRoot);
        } finally {
          rmSync(path, { force: true });
          rmSync(cacheRoot, { recursive: true, force: true });
        }
      }),
      { numRuns: 150, interruptAfterTimeLimit: 15_000 },
    );
  }, 60_000);

  it('random bytes after the ar magic never loop (a negative member size did)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (tail: Uint8Array) => {
        const path = join(dir, `random-${(run += 1)}.deb`);
        writeFileSync(path, Buffer.concat([Buffer.from('!<arch>\n'), tail]));
        const result = await withinTwoSeconds(unpackDeb(path, { cacheRoot: join(dir, 'random-cache') }));
        expect(result.ok ? 'unpacked' : result.error.code).toBe('E_KERNEL_INVALID');
      }),
      {
        numRuns: 100,
        interruptAfterTimeLimit: 5_000,
        examples: [
          [new Uint8Array(arArchive([{ name: 'x', data: Buffer.alloc(0), sizeField: '-60' }]).subarray(8))],
        ],
      },
    );
  });
});
