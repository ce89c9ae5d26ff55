// Every refusal of `flash` on real devices: its exit code, its message, and not a byte written.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listDrives } from '../../core/drives/list';
import { runCli } from '../testing/run-cli';

const root = process.getuid?.() === 0 && process.platform === 'linux';
const dir = mkdtempSync(join(tmpdir(), 'cli-refusals-'));
const tree = join(dir, 'tree');
const loops: string[] = [];
const mib = 1024 * 1024;
mkdirSync(join(tree, 'go'), { recursive: true });
writeFileSync(join(tree, 'go', 'VERSION'), 'go1.19.8\n');

/** A loop device whose first MiB holds a pattern, to prove it was left alone. */
function attach(name: string, size: string, readOnly = false): string {
  const backing = join(dir, `${name}.backing`);
  execFileSync('truncate', ['-s', size, backing]);
  writeFileSync(backing, Buffer.alloc(mib, 0x5c), { flag: 'r+' });
  const args = readOnly ? ['-r', '--find', '--show', backing] : ['--find', '--show', backing];
  const device = execFileSync('losetup', args, { encoding: 'utf8' }).trim();
  loops.push(device);
  return device;
}
const untouched = (device: string): boolean =>
  readFileSync(device).subarray(0, mib).equals(Buffer.alloc(mib, 0x5c));

afterAll(() => {
  for (const device of loops) execFileSync('losetup', ['-d', device], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

const flash = (...args: string[]) => runCli(['flash', '--tree', tree, '--include-loop', '--yes', ...args]);

describe.runIf(root)('flash refuses, whatever the flags', () => {
  it('a read-only drive (losetup -r): exit 4', async () => {
    const locked = attach('locked', '48M', true);
    const { code, err } = await flash('--drive', locked);
    expect(code).toBe(4);
    expect(err).toContain('The drive is read-only');
    expect(err).toContain('lock switch');
    expect(untouched(locked)).toBe(true);
  });

  it('a drive smaller than the image: exit 4, with the size it needs', async () => {
    const small = attach('small', '40M');
    const { code, err } = await flash('--drive', small, '--size', '64M');
    expect(code).toBe(4);
    expect(err).toContain('too small: this stick needs 67.1 MB');
    expect(untouched(small)).toBe(true);
  });

  it('a kernel that is not there: exit 3 before any drive is touched', async () => {
    const stick = attach('stick', '48M');
    const { code, err } = await flash('--drive', stick, '--kernel', `amd64=${join(dir, 'vmlinuz-missing')}`);
    expect(code).toBe(3);
    expect(err).toContain('vmlinuz-missing');
    expect(untouched(stick)).toBe(true);
  });

  it('the system drive, even with --yes --large: exit 4', async () => {
    const system = (await listDrives({ includeLoop: false })).find((d) => d.system);
    if (!system) return; // a machine booted from the network has none
    const { code, err } = await flash('--drive', system.device, '--large');
    expect(code).toBe(4);
    expect(err).toContain('That is a system drive');
  });
});
