// Root tier, end to end through the built CLI (out/, `npm run build` first): `root build --strict`
// refuses a source with a command that does not compile for one architecture, writing nothing; without
// --strict the same build succeeds and leaves that command out on that architecture only.

import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCliAsync } from '../testing/built-cli';
import { amd64OnlyCommand, makeTinyRepo } from '../../core/root/testing/tiny-repo';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-root-strict-'));
  await makeTinyRepo(join(dir, 'tiny'), amd64OnlyCommand);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const build = (out: string, ...flags: string[]) =>
  runBuiltCliAsync([
    'root',
    'build',
    '--arch',
    'amd64,arm64',
    '--src',
    join(dir, 'tiny'),
    ...flags,
    '--out',
    join(dir, out),
  ]);

describe('root build --strict with a command that does not compile for arm64', () => {
  it('fails naming the command, the architecture and the first error line, and writes no root', async () => {
    const run = await build('strict-root', '--strict');
    expect(run.code, run.stderr).not.toBe(0);
    const said = run.stdout + run.stderr;
    expect(said).toMatch(/--strict: 1 command build does not compile/);
    expect(said).toMatch(/arm64 onlyamd: .*undefined: helper/);
    expect(said).not.toMatch(/amd64 onlyamd/);
    expect(said).toMatch(/Build without --strict/);
    expect(existsSync(join(dir, 'strict-root'))).toBe(false);
  });

  it('without --strict builds the root, lists the command as left out and gives it no arm64 stub', async () => {
    const run = await build('root');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /left out: +arm64 onlyamd \(\/src\/example\.com\/tiny\/cmds\/onlyamd\): .*undefined: helper/,
    );
    expect(run.stdout).not.toMatch(/left out: +amd64/);
    expect(run.stdout).toMatch(/commands: +amd64 4, arm64 3/);
    expect(await readdir(join(dir, 'root/linux_amd64/bin'))).toContain('onlyamd');
    expect(await readdir(join(dir, 'root/linux_arm64/bin'))).not.toContain('onlyamd');
  });
});
