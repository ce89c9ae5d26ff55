// The settings store: remembers across stores, ignores a damaged file with a log line, writes privately.

import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settingsStore } from './settings-store';

let dataDir: string;
let logged: string[];
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sf-settings-'));
  logged = [];
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const store = () => settingsStore(join(dataDir, 'data'), (line) => logged.push(line));

describe('settings store', () => {
  it('starts empty, and what one store saves the next one reads (a restart)', async () => {
    expect(await store().read()).toEqual({});
    await store().save({ root: '/home/me/root', kernels: { amd64: '/boot/vmlinuz' } });
    await store().save({ methods: ['uefi'], image: { path: '/home/me/s.img', size: 2 ** 31 } });
    expect(await store().read()).toEqual({
      root: '/home/me/root',
      kernels: { amd64: '/boot/vmlinuz' },
      methods: ['uefi'],
      image: { path: '/home/me/s.img', size: 2 ** 31 },
    });
    expect(logged).toEqual([]);
  });

  it('writes the file for its owner only, leaving no temporary files', async () => {
    const s = store();
    await Promise.all([s.save({ root: '/a' }), s.save({ append: 'quiet' }), s.save({ root: '/b' })]);
    expect((await stat(s.file)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dataDir, 'data'))).toEqual(['settings.json']);
    expect(JSON.parse(await readFile(s.file, 'utf8'))).toEqual({ root: '/b', append: 'quiet' });
  });

  it.each([
    ['not JSON', '{"root": "/a",'],
    ['another shape', '{"root": 42}'],
    ['unknown keys', '{"root": "/a", "token": "x"}'],
    ['empty', ''],
  ])('ignores a file that is %s, with a log line, and saving repairs it', async (_what, text) => {
    const s = store();
    await s.save({});
    await writeFile(s.file, text);
    expect(await s.read()).toEqual({});
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/settings: .*settings\.json .*ignored/);
    await s.save({ root: '/c' });
    expect(await store().read()).toEqual({ root: '/c' });
  });

  it('refuses to save what it would not read back', async () => {
    await expect(store().save({ root: '' } as never)).rejects.toThrow();
    expect(await store().read()).toEqual({});
  });
});
