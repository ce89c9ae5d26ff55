// A hostile caller of flashStart (the renderer or the bridge) names files that are not its to destroy.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from './handlers';

const mib = 1024 * 1024;
let dir: string;
const service = () => createHandlers({ shell: 'browser', dataDir: dir, emit: () => undefined });
const viaDev = (path: string): string => `/dev/${relative('/dev', path)}`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'flash-hostile-'));
  mkdirSync(join(dir, 'root', 'go'), { recursive: true });
  writeFileSync(join(dir, 'root', 'go', 'VERSION'), 'go1.19.8\n');
  mkdirSync(join(dir, 'home', '.ssh'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const flash = (device: string, size = 64 * mib) =>
  service().flashStart({
    jobId: `hostile-${Math.random()}`,
    tree: join(dir, 'root'),
    targets: [{ device }],
    size,
  });

describe('F6: flashStart writes only listed drives, new image files and images it made', () => {
  it('refuses /dev/../<a text file>: the file is unchanged', async () => {
    const notes = join(dir, 'home', 'notes.txt');
    writeFileSync(notes, 'my notes\n');
    const result = await flash(viaDev(notes));
    expect(result.ok && result.value.targets[0]?.ok).toBeFalsy();
    expect(readFileSync(notes, 'utf8')).toBe('my notes\n');
  });

  it('refuses an authorized_keys reached through /dev/..: the keys are unchanged', async () => {
    const keys = join(dir, 'home', '.ssh', 'authorized_keys');
    writeFileSync(keys, 'ssh-ed25519 AAAA me@laptop\n');
    for (const path of [viaDev(keys), `${viaDev(keys)}/../authorized_keys`, keys]) {
      const result = await flash(path);
      expect(result.ok && result.value.targets[0]?.ok).toBeFalsy();
    }
    expect(readFileSync(keys, 'utf8')).toBe('ssh-ed25519 AAAA me@laptop\n');
  });

  it('refuses an existing .img that Sourcery Flasher did not make (a VM disk, say)', async () => {
    const vm = join(dir, 'home', 'windows.img');
    const content = Buffer.alloc(2 * mib, 0x42);
    writeFileSync(vm, content);
    const result = await flash(vm);
    expect(result.ok ? result.value.targets[0]?.ok : result.error.code).not.toBe(true);
    expect(readFileSync(vm).equals(content)).toBe(true);
  });

  it('never follows a link named .img to the file it points at', async () => {
    const secret = join(dir, 'home', 'secret.txt');
    writeFileSync(secret, 'secret\n');
    const link = join(dir, 'home', 'link.img');
    symlinkSync(secret, link);
    const result = await flash(link);
    expect(result.ok && result.value.targets[0]?.ok).toBeFalsy();
    expect(readFileSync(secret, 'utf8')).toBe('secret\n');
  });

  it('still writes a new .img, and writes it again once it is an image it made', async () => {
    const image = join(dir, 'home', 'stick.img');
    for (let round = 0; round < 2; round += 1) {
      const result = await flash(image);
      expect(result.ok && result.value.targets[0]).toMatchObject({ ok: true, verified: true });
    }
    expect(readFileSync(image).subarray(510, 512)).toEqual(Buffer.from([0x55, 0xaa]));
  });

  it('for any path a caller builds from /dev, .. and a user file, leaves the user file alone', async () => {
    const victims = { 'victim.txt': 'victim\n', 'victim.img': 'not an image\n' };
    for (const [name, text] of Object.entries(victims)) writeFileSync(join(dir, 'home', name), text);
    const prefix = fc.constantFrom('/dev/..', '/dev/../dev/..', '/dev/./..', '/dev//..', '');
    const noise = fc.array(fc.constantFrom('.', 'home/..', 'go/..', ''), { maxLength: 3 });
    const name = fc.constantFrom(...Object.keys(victims));
    await fc.assert(
      fc.asyncProperty(prefix, noise, name, async (head, middle, file) => {
        const path = [head, relative('/', dir), ...middle, 'home', file].join('/');
        await flash(path.startsWith('/') ? path : `/${path}`);
        for (const [victim, text] of Object.entries(victims))
          expect(readFileSync(join(dir, 'home', victim), 'utf8')).toBe(text);
      }),
      { numRuns: 40, interruptAfterTimeLimit: 30_000 },
    );
  }, 60_000);
});
