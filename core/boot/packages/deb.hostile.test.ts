// L4 (.deb): a package that declares or unpacks to huge entries is refused or streamed, never held.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unpackDeb } from './deb';
import { debArchive, gzipPieces, tarEnd, tarFile, tarHeader } from '../testing/archives';

const dir = mkdtempSync(join(tmpdir(), 'sourcery-l4-deb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mib = 1024 * 1024;
let count = 0;
const write = (deb: Buffer) => {
  const path = join(dir, `p${(count += 1)}.deb`);
  writeFileSync(path, deb);
  return path;
};

/** Runs `work` while sampling this process's resident memory; returns how far it rose. */
async function peakRise<T>(work: () => Promise<T>): Promise<{ result: T; rise: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, rise: peak - base };
  } finally {
    clearInterval(timer);
  }
}

describe('L4: .deb members are streamed and bounded', () => {
  it('an entry declaring 6 GiB, followed by 300 MiB of real data, is refused without holding it', async () => {
    const zeros = Buffer.alloc(mib);
    const data = await gzipPieces(
      (function* () {
        yield tarHeader('./boot/vmlinuz-1', 6 * 1024 * mib);
        for (let i = 0; i < 300; i++) yield zeros;
      })(),
    );
    const deb = write(debArchive('data.tar.gz', data));
    const { result, rise } = await peakRise(() => unpackDeb(deb, { cacheRoot: join(dir, 'cache') }));
    expect(result.ok ? 'unpacked' : result.error.code).toBe('E_KERNEL_INVALID');
    expect(rise).toBeLessThan(100 * mib);
  });

  it('a decompression bomb stops at the unpacked-bytes limit', async () => {
    const data = await gzipPieces([tarFile('./big', Buffer.alloc(64 * mib)), tarEnd()]);
    const result = await unpackDeb(write(debArchive('data.tar.gz', data)), {
      cacheRoot: join(dir, 'cache'),
      limits: { unpackedBytes: 16 * mib },
    });
    expect(result.ok || result.error.detail).toContain('more than 16 MiB');
  });

  it('a data.tar with more entries than the limit is refused', async () => {
    const entries = Array.from({ length: 200 }, (_, i) => tarFile(`./f${i}`, Buffer.alloc(0)));
    const result = await unpackDeb(write(debArchive('data.tar', Buffer.concat([...entries, tarEnd()]))), {
      cacheRoot: join(dir, 'cache'),
      limits: { entries: 100 },
    });
    expect(result.ok || result.error.detail).toContain('more than 100 entries');
  });

  it('a package over the package limit is refused before it is read', async () => {
    const deb = write(debArchive('data.tar', Buffer.concat([tarFile('./a', Buffer.alloc(4096)), tarEnd()])));
    const result = await unpackDeb(deb, { cacheRoot: join(dir, 'cache'), limits: { packageBytes: 1024 } });
    expect(result.ok || result.error.detail).toContain('more than any package');
  });
});
