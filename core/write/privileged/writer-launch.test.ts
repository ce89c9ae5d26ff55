// The command line, environment and folder the privileged writer is started with, for every elevation.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../errors';
import { packageFiles, type PackageFiles } from '../../package-files';
import { childCommand, type ChildCommand } from './child-command';
import { envProgram, writerLaunch, writerPath, type LaunchContext } from './writer-launch';

const scratch = mkdtempSync(join(tmpdir(), 'writer-launch-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What a hostile same-user process may have left in our environment. */
const poisoned: NodeJS.ProcessEnv = {
  PATH: '/home/u/bin:/usr/local/bin:/usr/bin',
  NODE_OPTIONS: '--require /tmp/evil.cjs',
  NODE_PATH: '/tmp/evil-modules',
  TMPDIR: '/tmp/attacker',
  LD_PRELOAD: '/tmp/evil.so',
  TSX_TSCONFIG_PATH: '/tmp/tsconfig.json',
  HOME: '/home/u',
  LANG: 'en_GB.UTF-8',
};
const context: LaunchContext = { env: poisoned, uid: 1000, gid: 1001 };
const node: ChildCommand = { file: '/usr/bin/node', args: ['/opt/sf/out/write/privileged.js'], env: {} };
const electron: ChildCommand = {
  file: '/opt/Sourcery Flasher/sourcery-flasher',
  args: ['/opt/Sourcery Flasher/resources/app.asar.unpacked/out/write/privileged.js'],
  env: { ELECTRON_RUN_AS_NODE: '1' },
  pkexecLauncher: '/opt/Sourcery Flasher/resources/polkit/sourcery-flasher-writer',
};

describe('F2: the writer starts with an empty environment plus an allowlist, from /', () => {
  it('none: only PATH (fixed), LANG and the ids a root parent got from sudo or pkexec', () => {
    const launch = writerLaunch('none', node, {
      ...context,
      env: { ...poisoned, SUDO_UID: '1000', SUDO_GID: '1001', PKEXEC_UID: 'x' },
    });
    expect(launch).toEqual({
      file: '/usr/bin/node',
      args: ['/opt/sf/out/write/privileged.js'],
      env: { PATH: writerPath, LANG: 'en_GB.UTF-8', SUDO_UID: '1000', SUDO_GID: '1001' },
      cwd: '/',
    });
    expect(writerPath.split(':')).not.toContain('/usr/local/bin');
  });

  it('sudo: env -i empties what sudo keeps, then names the ids the writer reads as', () => {
    const launch = writerLaunch('sudo', electron, context);
    expect(launch).toEqual({
      file: 'sudo',
      args: [
        '--',
        envProgram,
        '-i',
        `PATH=${writerPath}`,
        'LANG=en_GB.UTF-8',
        'ELECTRON_RUN_AS_NODE=1',
        'SUDO_UID=1000',
        'SUDO_GID=1001',
        ...[electron.file, ...electron.args],
      ],
      env: { PATH: writerPath, LANG: 'en_GB.UTF-8' },
      cwd: '/',
    });
  });

  it('pkexec runs node and the built writer directly, or the packaged launcher alone (the policy names it)', () => {
    expect(writerLaunch('pkexec', node, context)).toMatchObject({
      file: 'pkexec',
      args: ['/usr/bin/node', '/opt/sf/out/write/privileged.js'],
      env: { PATH: writerPath, LANG: 'en_GB.UTF-8' },
      cwd: '/',
    });
    expect(writerLaunch('pkexec', electron, context).args).toEqual([electron.pkexecLauncher]);
    // Electron outside a package has no launcher: env -i tells it to act as node.
    const { pkexecLauncher: _, ...unpackaged } = electron;
    expect(writerLaunch('pkexec', unpackaged, context).args.slice(0, 3)).toEqual([
      envProgram,
      '-i',
      `PATH=${writerPath}`,
    ]);
  });

  it('osascript: the shell runs env -i from /; UAC gets only what the writer needs', () => {
    const mac = writerLaunch('osascript', electron, context);
    expect([mac.file, ...mac.args.slice(0, 1)]).toEqual([envProgram, '-i']);
    expect(mac.args).toContain('SUDO_UID=1000');
    expect(writerLaunch('uac', electron, context).env).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
  });

  it('never passes a variable outside the allowlist, nor a LANG that is not a locale name', () => {
    const kinds = ['none', 'pkexec', 'sudo', 'osascript', 'uac'] as const;
    const allowed = new Set(['PATH', 'LANG', 'ELECTRON_RUN_AS_NODE', 'SUDO_UID', 'SUDO_GID', 'PKEXEC_UID']);
    for (const elevation of kinds)
      for (const command of [node, electron]) {
        const launch = writerLaunch(elevation, command, {
          ...context,
          env: { ...poisoned, LANG: 'C;rm -rf /' },
        });
        const words = [
          ...Object.keys(launch.env),
          ...launch.args.filter((a) => /^[A-Z_]+=/.test(a)).map((a) => a.split('=')[0]),
        ];
        expect(words.filter((w) => !allowed.has(w ?? ''))).toEqual([]);
        expect(launch.args.join(' ')).not.toMatch(/tsx|NODE_OPTIONS|rm -rf/);
        expect(launch.cwd).toBe('/');
      }
  });

  it('the writer is the built JavaScript, never TypeScript through tsx, and a missing build says what to run', () => {
    const command = childCommand();
    expect(command.args).toEqual([packageFiles().privilegedEntry]);
    expect(command.args[0]).toMatch(/out[\\/]write[\\/]privileged\.js$/);
    const missing: PackageFiles = { ...packageFiles(), privilegedEntry: join(scratch, 'none.js') };
    let thrown: unknown;
    try {
      childCommand(missing);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EngineError);
    expect((thrown as EngineError).appError).toMatchObject({ code: 'E_TOOL_MISSING' });
    expect((thrown as EngineError).appError.hint).toContain('npm run build');
    const built = join(scratch, 'privileged.js');
    writeFileSync(built, '');
    const packaged: PackageFiles = {
      ...packageFiles(),
      layout: 'packaged',
      privilegedEntry: built,
      resources: scratch,
    };
    expect(childCommand(packaged, '/opt/x/electron', true)).toEqual({
      file: '/opt/x/electron',
      args: [built],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  });
});
