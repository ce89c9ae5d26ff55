// `flash` on real loop devices: the privileged writer path, and never the drive holding the tree.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoopDevices } from '../../core/write/testing/loop-devices';
import { runCli } from '../testing/run-cli';

let dir: string;
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const loops = new LoopDevices(() => dir);
const makeLoop = (name: string, mib: number): string => loops.make(name, mib * 1024 * 1024).device;
const root = process.getuid?.() === 0 && process.platform === 'linux';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-devices-'));
});
afterAll(() => {
  for (const mount of [join(dir, 'mnt')])
    if (existsSync(mount)) execFileSync('umount', [mount], { stdio: 'ignore' });
  loops.detachAll();
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(root)('flash to devices', () => {
  it('refuses the drive that holds the tree being written, and leaves it mounted and whole', async () => {
    const holder = makeLoop('holder', 64);
    execFileSync('mkfs.ext4', ['-q', holder]);
    const mnt = join(dir, 'mnt');
    mkdirSync(mnt);
    execFileSync('mount', [holder, mnt]);
    mkdirSync(join(mnt, 'root'));
    writeFileSync(join(mnt, 'root', 'README'), 'keep me\n');
    const { code, err } = await runCli([
      'flash',
      '--tree',
      join(mnt, 'root'),
      '--drive',
      holder,
      '--include-loop',
      '--yes',
    ]);
    expect(code).toBe(4);
    expect(err).toContain('system drive');
    expect(err).toContain('being written');
    expect(readFileSync(join(mnt, 'root', 'README'), 'utf8')).toBe('keep me\n');
  });

  it('writes a loop device through the privileged writer into a checkable FAT32 stick', async () => {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'go'), { recursive: true });
    writeFileSync(join(tree, 'go', 'VERSION'), 'go1.19.8\n');
    const target = makeLoop('target', 48);
    const image = join(dir, 'beside.img'); // written in this process, with the same plan
    const args = ['flash', '--tree', tree, '--drive', target, '--drive', image, '--include-loop', '--yes'];
    const { code, out, err } = await runCli(args);
    expect(err).toContain('Asking for permission');
    expect(code).toBe(0);
    expect(out).toContain(`ok: ${target}:`);
    expect(out).toContain(`ok: ${image}:`);
    expect(execFileSync('mtype', ['-i', `${image}@@1M`, '::/go/VERSION'], { encoding: 'utf8' })).toBe(
      'go1.19.8\n',
    );
    const partition = execFileSync('losetup', ['--find', '--show', '--offset', '1048576', target], {
      encoding: 'utf8',
    }).trim();
    loops.adopt(partition);
    expect(execFileSync('fsck.fat', ['-n', partition], { encoding: 'utf8' })).toMatch(/\d+ files/);
    expect(execFileSync('mtype', ['-i', `${target}@@1M`, '::/go/VERSION'], { encoding: 'utf8' })).toBe(
      'go1.19.8\n',
    );
  });

  it('asks on a terminal to type the device name, and writes only when it matches', async () => {
    const tree = join(dir, 'typed-tree');
    mkdirSync(tree);
    writeFileSync(join(tree, 'README'), 'typed\n');
    const target = makeLoop('typed', 48);
    const name = target.replace('/dev/', '');
    /** Runs the CLI on a pseudo-terminal (script(1)) and types `answer` at the prompt. */
    const typed = (answer: string): Promise<{ out: string; code: number | null }> =>
      new Promise((resolve) => {
        const command = `${process.execPath} --import tsx cli/bin.ts flash --tree ${tree} --drive ${target} --include-loop`;
        const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: repo });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes(`Type ${name} to go on`) && !out.includes('\u0000sent')) {
            out += '\u0000sent';
            child.stdin.write(`${answer}\n`);
          }
        });
        child.on('close', (code) => resolve({ out, code }));
      });
    const refused = await typed('sdz');
    expect(refused.out).toContain('Not confirmed; nothing was written.');
    expect(
      readFileSync(join(dir, 'typed.backing'))
        .subarray(0, 4 * 1024 * 1024)
        .every((b) => b === 0),
    ).toBe(true);
    const confirmed = await typed(name);
    expect(confirmed.out).toContain(`ok: ${target}:`);
    expect(confirmed.code).toBe(0);
  });
});
