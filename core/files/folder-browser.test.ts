// The folder browser: starts at home, walks only where it showed, lists what a field takes, no dotfiles.

import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FolderListing, Result } from '../../contract';
import { FolderBrowser } from './folder-browser';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'sf-browse-'));
  await mkdir(join(home, 'roots', 'my-root'), { recursive: true });
  await mkdir(join(home, '.ssh'));
  await writeFile(join(home, '.ssh', 'id_ed25519'), 'secret');
  await writeFile(join(home, '.hidden.tar'), '');
  await writeFile(join(home, 'root.tar.zst'), 'x');
  await writeFile(join(home, 'vmlinuz-6.1.0-13-amd64'), 'k');
  await writeFile(join(home, 'linux-image-6.1.0-13-arm64.deb'), 'd');
  await writeFile(join(home, 'notes.txt'), 'n');
  await writeFile(join(home, 'old.img'), 'i');
});
afterEach(async () => {
  await chmod(home, 0o755).catch(() => undefined);
  await rm(home, { recursive: true, force: true });
});

const names = (listing: Result<FolderListing>) => {
  if (!listing.ok) throw new Error(listing.error.detail);
  return listing.value.entries.map((e) => e.name);
};

describe('folder browser', () => {
  it('starts at home and lists, per field, only what it takes, folders first, no dotfiles', async () => {
    const browser = new FolderBrowser({ home });
    const root = await browser.list('root');
    expect(root.ok && root.value.dir).toBe(home);
    expect(names(root)).toEqual(['roots', 'root.tar.zst']);
    expect(names(await browser.list('kernel'))).toEqual([
      'roots',
      'linux-image-6.1.0-13-arm64.deb',
      'vmlinuz-6.1.0-13-amd64',
    ]);
    expect(names(await browser.list('image'))).toEqual(['roots', 'old.img']);
  });

  it('refuses a start it did not show: a hidden folder, /proc, or anywhere typed', async () => {
    const browser = new FolderBrowser({ home });
    for (const dir of [join(home, '.ssh'), '/proc', '/etc', join(home, 'roots')]) {
      const listing = await browser.list('root', dir);
      expect(listing.ok ? 'listed' : listing.error.code, dir).toBe('E_PATH_REFUSED');
    }
  });

  it('walks down into what it showed and up to the parent, never into /proc, /sys or /dev', async () => {
    const browser = new FolderBrowser({ home });
    await browser.list('root');
    expect(names(await browser.list('root', join(home, 'roots')))).toEqual(['my-root']);
    let dir = home;
    for (;;) {
      const listing = await browser.list('root', dir);
      if (!listing.ok) throw new Error(listing.error.detail);
      if (!listing.value.parent) break;
      dir = listing.value.parent;
    }
    expect(dir).toBe('/');
    const top = names(await browser.list('root', '/'));
    expect(top).not.toContain('proc');
    expect(top).not.toContain('sys');
    expect(top).not.toContain('dev');
    expect((await browser.list('root', '/proc')).ok).toBe(false);
  });

  it('refuses a shown link that leads into a hidden folder or /proc', async () => {
    await symlink(join(home, '.ssh'), join(home, 'keys'));
    await symlink('/proc', join(home, 'kernel-things'));
    const browser = new FolderBrowser({ home });
    expect(names(await browser.list('root'))).toContain('keys');
    for (const link of ['keys', 'kernel-things']) {
      const listing = await browser.list('root', join(home, link));
      expect(listing.ok ? 'listed' : listing.error.code).toBe('E_PATH_REFUSED');
      const chosen = await browser.choose('root', join(home, link));
      expect(chosen.ok ? 'chosen' : chosen.error.code).toBe('E_PATH_REFUSED');
    }
  });

  it('chooses only shown items the field takes, and a new .img in a shown folder', async () => {
    const browser = new FolderBrowser({ home });
    await browser.list('root');
    expect(await browser.choose('root', join(home, 'root.tar.zst'))).toMatchObject({
      ok: true,
      value: { path: join(home, 'root.tar.zst'), kind: 'file' },
    });
    expect((await browser.choose('root', join(home, 'roots'))).ok).toBe(true);
    expect((await browser.choose('root', join(home, 'notes.txt'))).ok).toBe(false);
    expect((await browser.choose('root', join(home, '.ssh'))).ok).toBe(false);
    expect((await browser.choose('kernel', join(home, 'roots', 'my-root'))).ok).toBe(false);
    expect((await browser.choose('image', join(home, 'new.img'))).ok).toBe(true);
    expect((await browser.choose('image', join(home, '.sneaky.img'))).ok).toBe(false);
    expect((await browser.choose('image', join(home, 'new.txt'))).ok).toBe(false);
    expect((await browser.choose('image', '/etc/new.img')).ok).toBe(false);
  });

  it('says plainly when a folder may not be read, and keeps working', async () => {
    await mkdir(join(home, 'locked'), { mode: 0o700 });
    await writeFile(join(home, 'locked', 'vmlinuz'), 'k');
    await chmod(home, 0o755);
    if (process.getuid?.() === 0) {
      // Root reads everything: list as nobody, in a child process, the way a user meets it.
      const script = `
        import { FolderBrowser } from ${JSON.stringify(join(import.meta.dirname, 'folder-browser.ts'))};
        const browser = new FolderBrowser({ home: ${JSON.stringify(home)} });
        await browser.list('kernel');
        const locked = await browser.list('kernel', ${JSON.stringify(join(home, 'locked'))});
        const again = await browser.list('kernel');
        console.log(JSON.stringify({ locked, again: again.ok }));`;
      const out = execFileSync(
        'setpriv',
        [
          '--reuid=65534',
          '--regid=65534',
          '--clear-groups',
          process.execPath,
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          script,
        ],
        { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8', env: { ...process.env, HOME: home } },
      );
      const { locked, again } = JSON.parse(out) as { locked: Result<FolderListing>; again: boolean };
      expect(locked.ok).toBe(false);
      if (!locked.ok) expect(locked.error.hint).toMatch(/may not open this folder/);
      expect(again).toBe(true);
    } else {
      await chmod(join(home, 'locked'), 0o000);
      const browser = new FolderBrowser({ home });
      await browser.list('kernel');
      const locked = await browser.list('kernel', join(home, 'locked'));
      expect(locked.ok ? 'listed' : locked.error.hint).toMatch(/may not open this folder/);
      await chmod(join(home, 'locked'), 0o700);
    }
  });
});
