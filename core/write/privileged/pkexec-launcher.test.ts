// The packaged app's pkexec launcher and the polkit action that names it, run in a copy of the app's layout.

import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resourcePath } from '../../package-files';

const launcherSource = resourcePath('polkit', 'sourcery-flasher-writer');
const scratch = mkdtempSync(join(tmpdir(), 'pkexec-launcher-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `/opt/Sourcery Flasher` in miniature: a stand-in binary that records how it was started. */
function app(): { launcher: string; record: string } {
  const dir = join(scratch, 'Sourcery Flasher');
  mkdirSync(join(dir, 'resources', 'polkit'), { recursive: true });
  const record = join(scratch, 'started');
  const binary = join(dir, 'sourcery-flasher');
  // /proc/$$/environ is the environment exactly as exec'd, before the shell adds its own.
  writeFileSync(
    binary,
    `#!/bin/sh\n{ tr '\\0' '\\n' < /proc/$$/environ; echo "cwd=$(pwd)"; for a in "$@"; do echo "arg=$a"; done; } > '${record}'\n`,
  );
  chmodSync(binary, 0o755);
  const launcher = join(dir, 'resources', 'polkit', 'sourcery-flasher-writer');
  copyFileSync(launcherSource, launcher);
  chmodSync(launcher, 0o755);
  return { launcher, record };
}

describe('F2/L2: pkexec runs the writer only, with nothing of the caller', () => {
  it('starts the binary as node on the built writer, from /, with PATH, ELECTRON_RUN_AS_NODE and PKEXEC_UID only', () => {
    const { launcher, record } = app();
    // A caller's link to the launcher, extra arguments and a poisoned environment change nothing.
    const link = join(scratch, 'link-to-launcher');
    symlinkSync(launcher, link);
    execFileSync(link, ['--inspect=0', '/tmp/evil.js'], {
      cwd: scratch,
      env: { PKEXEC_UID: '1000', NODE_OPTIONS: '--require /tmp/evil.cjs', PATH: '/tmp:/usr/bin:/bin' },
    });
    const lines = readFileSync(record, 'utf8').trim().split('\n').sort();
    const dir = join(scratch, 'Sourcery Flasher');
    expect(lines).toEqual(
      [
        'ELECTRON_RUN_AS_NODE=1',
        'PATH=/usr/sbin:/usr/bin:/sbin:/bin',
        'PKEXEC_UID=1000',
        'cwd=/',
        `arg=${join(dir, 'resources', 'app.asar.unpacked', 'out', 'write', 'privileged.js')}`,
      ].sort(),
    );
  });

  it('refuses to run outside pkexec (no PKEXEC_UID, or one that is not a number)', () => {
    const { launcher } = app();
    for (const env of [{}, { PKEXEC_UID: '0;id' }]) {
      const run = spawnSync(launcher, [], { env, encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('run it through pkexec');
    }
  });

  it('is executable in the sources, and the policy names it where the deb installs it, asking every time', () => {
    expect(statSync(launcherSource).mode & 0o111).toBe(0o111);
    const policy = readFileSync(resourcePath('polkit', 'org.sourcery.flasher.policy'), 'utf8');
    const annotation = (key: string): string | undefined =>
      new RegExp(`<annotate key="org\\.freedesktop\\.policykit\\.${key}">([^<]*)</annotate>`).exec(
        policy,
      )?.[1];
    const productName = /^productName: (.*)$/m.exec(
      readFileSync(resourcePath('..', 'electron-builder.yml'), 'utf8'),
    )?.[1];
    expect(annotation('exec.path')).toBe(`/opt/${productName}/resources/polkit/sourcery-flasher-writer`);
    for (const key of ['allow_any', 'allow_inactive', 'allow_active'])
      expect(new RegExp(`<${key}>([^<]*)</${key}>`).exec(policy)?.[1]).toBe('auth_admin');
  });
});
