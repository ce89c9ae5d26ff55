// Output folders: new, empty or ours; ours only while it is the same folder; pruning only inside ours.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractArchive } from './archive/extract';
import { syncCopy } from './build/sync-copy';
import { claimOutput, madeByUs, outputState } from './output-folder';
import { makeRoot, tarDir } from './testing/make-root';

let dir: string;
let registry: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-output-'));
  registry = join(dir, 'made');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('output folders', () => {
  it('claims a new or empty folder, and knows it as ours afterwards', async () => {
    expect(await outputState(join(dir, 'new'), registry)).toBe('new');
    await claimOutput(join(dir, 'new', 'deeper'), registry);
    await writeFile(join(dir, 'new', 'deeper', 'file'), 'x');
    expect(await outputState(join(dir, 'new', 'deeper'), registry)).toBe('ours');
    await mkdir(join(dir, 'empty'));
    expect(await outputState(join(dir, 'empty'), registry)).toBe('empty');
  });

  it('forgets a folder deleted and made again at the same path by someone else', async () => {
    const out = await claimOutput(join(dir, 'r'), registry);
    await rm(out, { recursive: true });
    await mkdir(out);
    await writeFile(join(out, 'theirs.txt'), 'not ours');
    expect(await madeByUs(out, registry)).toBeNull();
    await expect(outputState(out, registry)).rejects.toMatchObject({ appError: { code: 'E_PATH_REFUSED' } });
  });

  it('never prunes outside a root of ours', async () => {
    await mkdir(join(dir, 'from'));
    await mkdir(join(dir, 'to'));
    await writeFile(join(dir, 'to', 'keep.txt'), 'mine');
    await expect(syncCopy(join(dir, 'from'), join(dir, 'to'), { registry })).rejects.toMatchObject({
      appError: { code: 'E_PATH_REFUSED' },
    });
    await expect(
      syncCopy(join(dir, 'from'), join(dir, 'to'), { registry, root: join(dir, 'to') }),
    ).rejects.toMatchObject({ appError: { code: 'E_PATH_REFUSED' } });
    expect(await readFile(join(dir, 'to', 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('replaces a root of ours whole when an archive is extracted over it', async () => {
    await makeRoot(join(dir, 'src-root'));
    tarDir(join(dir, 'src-root'), join(dir, 'root.tar'), '');
    const out = join(dir, 'out');
    await extractArchive({ archive: join(dir, 'root.tar'), dest: out, registry });
    await writeFile(join(out, 'stale.txt'), 'left from before');
    await extractArchive({ archive: join(dir, 'root.tar'), dest: out, registry });
    await expect(readFile(join(out, 'stale.txt'))).rejects.toThrow();
    expect(await readFile(join(out, 'go', 'VERSION'), 'utf8')).toBe('go1.19.8');
    expect(await madeByUs(out, registry)).not.toBeNull();
  });
});
