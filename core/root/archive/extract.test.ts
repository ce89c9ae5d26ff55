import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { pack } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRoot, tarDir } from '../testing/make-root';
import { extractArchive } from './extract';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-extract-'));
  process.env.XDG_CACHE_HOME = join(dir, 'xdg'); // records of folders we made stay in the test
});
afterEach(async () => {
  delete process.env.XDG_CACHE_HOME;
  await rm(dir, { recursive: true, force: true });
});

type Header = Parameters<ReturnType<typeof pack>['entry']>[0];

/** Writes a tar whose entries we choose freely, including the malicious ones real tar avoids. */
async function craftTar(file: string, entries: Header[]): Promise<void> {
  const packer = pack();
  const done = pipeline(packer, createWriteStream(file));
  for (const header of entries) {
    if (header.type === 'file') packer.entry(header, 'data');
    else packer.entry(header);
  }
  packer.finalize();
  await done;
}

describe('extractArchive', () => {
  for (const [label, flag] of [
    ['tar', ''],
    ['tar.gz', '-z'],
    ['tar.xz', '-J'],
    ['tar.zst', '--zstd'],
  ] as const) {
    it(`extracts a root packed as .${label} by the system tar`, async () => {
      await makeRoot(join(dir, 'src-root'));
      tarDir(join(dir, 'src-root'), join(dir, `root.${label}`), flag);
      const files = await extractArchive({ archive: join(dir, `root.${label}`), dest: join(dir, 'out') });
      expect(files).toBe(10);
      expect(await readFile(join(dir, 'out/go/VERSION'), 'utf8')).toBe('go1.19.8');
      expect(await readFile(join(dir, 'out/linux_amd64/bin/hello'), 'utf8')).toContain('installcommand');
    });
  }

  const unsafe: [string, Header[], RegExp][] = [
    ['a "../" path', [{ name: 'go/../../evil.txt', type: 'file', size: 4 }], /climbs out/],
    ['an absolute path', [{ name: join(tmpdir(), 'sf-evil-abs.txt'), type: 'file', size: 4 }], /absolute/],
    ['a symbolic link', [{ name: 'go/link', type: 'symlink', linkname: '/etc/passwd' }], /symbolic link/],
    ['a hard link', [{ name: 'go/hard', type: 'link', linkname: '/etc/passwd' }], /hard link/],
    ['a device file', [{ name: 'dev/sda', type: 'block-device', devmajor: 8, devminor: 0 }], /device/],
  ];
  for (const [label, entries, message] of unsafe) {
    it(`refuses ${label} and keeps nothing`, async () => {
      const archive = join(dir, 'evil.tar');
      await craftTar(archive, [{ name: 'go/VERSION', type: 'file', size: 4 }, ...entries]);
      const out = join(dir, 'out');
      const result = extractArchive({ archive, dest: out });
      await expect(result).rejects.toMatchObject({
        appError: { code: 'E_ARCHIVE_UNSAFE', detail: expect.stringMatching(message) },
      });
      expect(existsSync(out)).toBe(false);
      expect((await readdir(dir)).sort()).toEqual(['evil.tar']);
      expect(existsSync(join(dir, '..', 'evil.txt'))).toBe(false);
      expect(existsSync(join(tmpdir(), 'sf-evil-abs.txt'))).toBe(false);
    });
  }

  it('says a damaged archive is damaged', async () => {
    await writeFile(join(dir, 'junk.tar.xz'), Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2, 3]));
    await expect(
      extractArchive({ archive: join(dir, 'junk.tar.xz'), dest: join(dir, 'out') }),
    ).rejects.toMatchObject({
      appError: { code: 'E_ARCHIVE_BROKEN' },
    });
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('will not extract over a folder that has files', async () => {
    await makeRoot(join(dir, 'r'));
    tarDir(join(dir, 'r'), join(dir, 'r.tar'), '');
    await mkdir(join(dir, 'full'));
    await writeFile(join(dir, 'full/keep.txt'), 'mine');
    await expect(
      extractArchive({ archive: join(dir, 'r.tar'), dest: join(dir, 'full') }),
    ).rejects.toMatchObject({
      appError: { code: 'E_PATH_REFUSED' },
    });
    expect(await readFile(join(dir, 'full/keep.txt'), 'utf8')).toBe('mine');
  });
});
