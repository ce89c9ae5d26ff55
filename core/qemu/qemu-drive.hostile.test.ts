// L6: a hostile image path cannot add options to QEMU's -drive (boots nothing: a stand-in QEMU records argv).

import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootTest } from './boot-test';
import { machineFor } from './machines';

const dir = mkdtempSync(join(tmpdir(), 'sourcery-l6-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** QEMU's option-list syntax as QEMU reads it: pairs split at single commas, ",," is a literal comma. */
function qemuOptions(value: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === ',' && value[i + 1] === ',') {
      current += ',';
      i++;
    } else if (c === ',') {
      pairs.push(split(current));
      current = '';
    } else current += c;
  }
  pairs.push(split(current));
  return pairs;
}
const split = (pair: string): [string, string] => {
  const eq = pair.indexOf('=');
  return [pair.slice(0, eq), pair.slice(eq + 1)];
};
const drives = (argv: string[]) => argv.flatMap((a, i) => (argv[i - 1] === '-drive' ? [qemuOptions(a)] : []));

/** A boot-sector image whose name tries to add `if=none,file=/etc/shadow` to the drive (folders and all). */
const hostile = join(dir, 'a.img,if=none,file=/etc/shadow,format=raw');
const image = new Uint8Array(1024);
image[510] = 0x55;
image[511] = 0xaa;
mkdirSync(dirname(hostile), { recursive: true });
writeFileSync(hostile, image);

describe('L6: QEMU drive paths are escaped', () => {
  it('the image stays one file name in the argv QEMU is started with', async () => {
    // A stand-in for qemu-system-x86_64 on PATH: it records its arguments and prints the banner.
    const bin = join(dir, 'bin');
    const record = join(dir, 'argv');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'qemu-system-x86_64'),
      `#!/bin/sh\nprintf '%s\\0' "$@" > '${record}'\necho 'sourcery: init for linux_amd64'\nsleep 5\n`,
    );
    chmodSync(join(bin, 'qemu-system-x86_64'), 0o755);
    const result = await bootTest(
      { image: hostile, arch: 'amd64', firmware: 'bios', timeoutSeconds: 10 },
      { searchPath: bin },
    );
    expect(result.ok).toBe(true);
    const argv = readFileSync(record, 'utf8').split('\0').slice(0, -1);
    const [drive, ...others] = drives(argv);
    expect(others).toEqual([]);
    expect(drive?.filter(([key]) => key === 'file')).toEqual([['file', hostile]]);
    expect(drive?.map(([key]) => key)).toEqual(['file', 'format', 'snapshot']);
  });

  it.each([
    ['arm64', 'uboot'],
    ['arm64', 'uefi'],
    ['riscv64', 'uboot'],
  ] as const)('%s/%s: every -drive names exactly one file, the whole path', async (arch, firmware) => {
    const argv = await machineFor(arch, firmware)!.args(hostile, dir);
    const all = drives(argv);
    expect(all).toHaveLength(1);
    expect(all[0]?.filter(([key]) => key === 'file')).toEqual([['file', hostile]]);
    expect(all[0]?.filter(([key]) => key === 'if')).toEqual([['if', 'virtio']]);
  });

  it('a relative name that looks like a QEMU protocol (nbd:, json:) becomes an absolute path', async () => {
    const argv = await machineFor('arm64', 'uboot')!.args(
      'json:{"driver":"file","filename":"/etc/shadow"}',
      dir,
    );
    const file = drives(argv)[0]?.find(([key]) => key === 'file')?.[1] ?? '';
    expect(file.startsWith('/')).toBe(true);
    expect(file.endsWith('json:{"driver":"file","filename":"/etc/shadow"}')).toBe(true);
  });
});
