// Our syslinux install against Debian's own installer on the same stick, byte for byte.

import { execFileSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { compose } from '../../image/compose';
import { writePlanToFile } from '../../io/stream';
import { syslinuxConfig } from './cfg';
import { installSyslinux, syslinuxFiles } from './install';
import { loadSyslinuxPayload, type SyslinuxPayload } from './payload';
import { mergeBootSector, patchSyslinux } from './patch';
import { prepareSyslinuxPayload } from './prepare';
import { testThreads } from '../../io/testing/threads';

const dir = mkdtempSync(join(tmpdir(), 'sourcery-syslinux-test-'));
const payloadDir = join(dir, 'payload');
const offset = 1024 * 1024;
let payload: SyslinuxPayload;

const sector = (image: string, at: number) => {
  const fd = openSync(image, 'r');
  const out = Buffer.alloc(512);
  readSync(fd, out, 0, 512, at);
  closeSync(fd);
  return out;
};
const fileOnStick = (image: string, name: string) => {
  const out = join(dir, `${name}.${Math.random()}`);
  execFileSync('mcopy', ['-n', '-i', `${image}@@${offset}`, `::${name}`, out]);
  return readFileSync(out);
};
/** A file's sectors relative to the partition, from mtools' cluster chain and the BPB (an independent reader). */
function sectorsOf(image: string, name: string): number[] {
  const chain = execFileSync('mshowfat', ['-i', `${image}@@${offset}`, `::${name}`], { encoding: 'utf8' });
  const bpb = Buffer.from(sector(image, offset));
  const perCluster = bpb.readUInt8(13);
  const dataStart = bpb.readUInt16LE(14) + bpb.readUInt8(16) * bpb.readUInt32LE(36);
  const size = fileOnStick(image, name).length;
  const sectors: number[] = [];
  for (const [, from, to] of chain.matchAll(/<(\d+)(?:-(\d+))?>/g)) {
    for (let c = Number(from); c <= Number(to ?? from); c++) {
      for (let s = 0; s < perCluster; s++) sectors.push(dataStart + (c - 2) * perCluster + s);
    }
  }
  return sectors.slice(0, Math.ceil(size / 512));
}

async function ourStick(name: string, extra: { tree?: string } = {}): Promise<string> {
  const composed = await compose({
    ...extra,
    size: 64 * 1024 * 1024,
    diskSignature: 0x1234abcd,
    volumeId: 0x5eed,
    extraFiles: [
      { path: '/a.txt', data: new TextEncoder().encode('first file\n') },
      ...syslinuxFiles(payload, syslinuxConfig('console=ttyS0', false)),
    ],
  });
  if (!composed.ok) throw new Error(composed.error.detail);
  installSyslinux(composed.value, payload);
  const image = join(dir, name);
  const written = await writePlanToFile(composed.value.plan, image, { threads: testThreads() });
  if (!written.ok) throw new Error(written.error.detail);
  return image;
}

beforeAll(async () => {
  const prepared = await prepareSyslinuxPayload({ dir: payloadDir });
  if (!prepared.ok) throw new Error(prepared.error.detail);
  const loaded = await loadSyslinuxPayload(payloadDir);
  if (!loaded.ok) throw new Error(loaded.error.detail);
  payload = loaded.value;
});

describe('syslinux install', () => {
  test('boot sector and ldlinux.sys equal what `syslinux --install --offset` writes for the same layout', async () => {
    const ours = await ourStick('ours.img');
    const theirs = join(dir, 'theirs.img');
    copyFileSync(ours, theirs);
    execFileSync('syslinux', ['--install', '--offset', String(offset), theirs]);
    // mtools writes the new ldlinux.sys into fresh clusters; patch ours for the sectors it chose.
    const sectors = sectorsOf(theirs, 'ldlinux.sys');
    expect(sectors.length).toBe(Math.ceil(payload.files['ldlinux.sys'].length / 512));
    const patched = patchSyslinux(
      { ldlinux: payload.files['ldlinux.sys'], bootSector: payload.files['bootsect.bin'] },
      sectors,
    );
    const bootSector = new Uint8Array(sector(ours, offset));
    mergeBootSector(bootSector, patched.bootSector);
    expect(Buffer.compare(bootSector, sector(theirs, offset))).toBe(0);
    expect(Buffer.compare(patched.ldlinux, fileOnStick(theirs, 'ldlinux.sys'))).toBe(0);
    expect(Buffer.compare(fileOnStick(ours, 'ldlinux.c32'), fileOnStick(theirs, 'ldlinux.c32'))).toBe(0);
    // And where our engine put it, ours is what syslinux would have written there.
    const ourPatch = patchSyslinux(
      { ldlinux: payload.files['ldlinux.sys'], bootSector: payload.files['bootsect.bin'] },
      sectorsOf(ours, 'ldlinux.sys'),
    );
    expect(Buffer.compare(ourPatch.ldlinux, fileOnStick(ours, 'ldlinux.sys'))).toBe(0);
    // The MBR carries syslinux's boot code in front of our disk signature and partition table.
    expect(Buffer.compare(sector(ours, 0).subarray(0, 440), payload.files['mbr.bin'])).toBe(0);
  });

  test('the stick stays a clean FAT32 file system with equal primary and backup boot sectors', async () => {
    const image = await ourStick('fsck.img');
    expect(Buffer.compare(sector(image, offset), sector(image, offset + 6 * 512))).toBe(0);
    const partition = join(dir, 'partition.img');
    execFileSync('dd', [`if=${image}`, `of=${partition}`, 'bs=1M', 'skip=1', 'conv=sparse', 'status=none']);
    expect(() => execFileSync('fsck.fat', ['-n', partition], { encoding: 'utf8' })).not.toThrow();
  });

  test('patching for another sector list changes the pointers and keeps the checksum rule', () => {
    const a = patchSyslinux(
      { ldlinux: payload.files['ldlinux.sys'], bootSector: payload.files['bootsect.bin'] },
      range(1000, 300),
    );
    const b = patchSyslinux(
      { ldlinux: payload.files['ldlinux.sys'], bootSector: payload.files['bootsect.bin'] },
      range(5000, 300),
    );
    expect(Buffer.compare(a.bootSector, b.bootSector)).not.toBe(0);
    for (const image of [a, b]) {
      const length = image.ldlinux.length - 1024;
      const view = new DataView(image.ldlinux.buffer, 0, length);
      let sum = 0;
      for (let i = 0; i + 4 <= length; i += 4) sum = (sum + view.getUint32(i, true)) >>> 0;
      expect(sum).toBe(0x3eb202fe); // syslinux's loader checks that all dwords add up to its magic
    }
  });
});

describe('syslinux payload checks', () => {
  test('a payload with ldlinux.c32 from another syslinux build is refused, saying what to do', async () => {
    const mixed = join(dir, 'mixed');
    execFileSync('cp', ['-r', payloadDir, mixed]);
    // Debian's syslinux-common ships a different build of ldlinux.c32 than the installer embeds.
    const common = readFileSync('/usr/lib/syslinux/modules/bios/ldlinux.c32');
    const sameBuild = Buffer.compare(common, payload.files['ldlinux.c32']) === 0;
    if (sameBuild) common.writeUInt8(common.readUInt8(common.length - 1) ^ 0xff, common.length - 1); // elsewhere the packages agree: stand in for another build
    writeFileSync(join(mixed, 'ldlinux.c32'), common);
    const loaded = await loadSyslinuxPayload(mixed);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error.code).toBe('E_BOOT_PAYLOAD');
    expect(loaded.error.detail).toContain('ldlinux.c32');
    expect(loaded.error.detail).toContain('different syslinux builds');
    expect(loaded.error.hint).toContain('npm run prepare:boot');
  });

  test('a payload whose ldlinux.sys reports another version than its manifest is refused', async () => {
    const other = join(dir, 'other-version');
    execFileSync('cp', ['-r', payloadDir, other]);
    const manifest = JSON.parse(readFileSync(join(other, 'manifest.json'), 'utf8')) as { version: string };
    manifest.version = '4.07 20130616';
    writeFileSync(join(other, 'manifest.json'), JSON.stringify(manifest));
    const loaded = await loadSyslinuxPayload(other);
    expect(loaded.ok ? '' : loaded.error.detail).toContain('mixes versions');
  });

  test("preparing runs no mtools program itself (Debian's installer runs its own), and keeps the same files", async () => {
    // Each mtools program is shadowed by a script that notes which program started it.
    const shims = join(dir, 'mtools-shims');
    const log = join(dir, 'mtools-callers.log');
    mkdirSync(shims);
    for (const tool of ['mcopy', 'mattrib', 'mdir', 'mtype', 'mshowfat', 'mformat', 'mmd', 'mdel']) {
      const real = execFileSync('sh', ['-c', `command -v ${tool} || true`], { encoding: 'utf8' }).trim();
      if (!real) continue;
      const note = `echo "$(cat /proc/$PPID/comm)" >> '${log}'`;
      writeFileSync(join(shims, tool), `#!/bin/sh\n${note}\nexec '${real}' "$@"\n`, { mode: 0o755 });
    }
    const path = process.env.PATH;
    process.env.PATH = `${shims}:${path}`;
    const again = join(dir, 'payload-again');
    try {
      const prepared = await prepareSyslinuxPayload({ dir: again });
      expect(prepared.ok ? '' : prepared.error.detail).toBe('');
    } finally {
      process.env.PATH = path;
    }
    const callers = readFileSync(log, 'utf8').trim().split('\n');
    expect(callers.length).toBeGreaterThan(0); // the shims were in the way: the installer went through them
    expect(callers.filter((caller) => caller !== 'syslinux' && caller !== 'sh')).toEqual([]);
    for (const name of ['ldlinux.sys', 'ldlinux.c32', 'bootsect.bin'])
      expect(readFileSync(join(again, name)).equals(readFileSync(join(payloadDir, name)))).toBe(true);
  });

  test('a missing payload is refused with the command that prepares it', async () => {
    const loaded = await loadSyslinuxPayload(join(dir, 'nowhere'));
    expect(loaded.ok ? '' : loaded.error.hint).toContain('npm run prepare:boot');
  });
});

function range(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i);
}
