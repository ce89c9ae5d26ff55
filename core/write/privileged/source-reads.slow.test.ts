// F1 for real: the built writer as root, started for a second user (SUDO_UID/SUDO_GID), while that user
// swaps a tree file for a link to a root-only secret between compose and write (run with setpriv).

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../../image/compose';
import type { Plan } from '../../io/plan';
import { LoopDevices } from '../testing/loop-devices';
import { runPrivileged } from './run-privileged';

const MiB = 1024 * 1024;
const root = process.getuid?.() === 0;
const user = `sf-f1-${randomBytes(3).toString('hex')}`;
let uid = 0;
let gid = 0;
let dir = '';
const loops = new LoopDevices(() => dir);
/** A root-only file (0600, root's) with bytes found nowhere else. */
const secret = Buffer.from(`ROOT-ONLY-${randomBytes(8).toString('hex')}-`.repeat(20_000));

/** Runs a shell command as the second user, as an attacker on the machine would. */
const asUser = (script: string): void =>
  void execFileSync(
    'setpriv',
    [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', 'sh', '-c', script],
    {
      cwd: dir,
    },
  );

beforeAll(() => {
  if (!root) return;
  execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', user]);
  uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }));
  gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }));
  dir = mkdtempSync(join(tmpdir(), 'f1-race-'));
  chmodSync(dir, 0o755); // the user may reach its tree, not the secret
  writeFileSync(join(dir, 'secret'), secret, { mode: 0o600 });
});
afterAll(() => {
  if (!root) return;
  loops.detachAll();
  rmSync(dir, { recursive: true, force: true });
  execFileSync('userdel', [user]);
});

let trees = 0;
/** The user's tree, composed by root as the app would (the scan itself runs as the user in the app). */
async function usersTree(extra?: (tree: string) => void): Promise<{ tree: string; plan: Plan }> {
  const tree = join(dir, `tree-${trees++}`);
  mkdirSync(join(tree, 'go', 'src'), { recursive: true });
  writeFileSync(join(tree, 'go', 'VERSION'), randomBytes(secret.length));
  writeFileSync(join(tree, 'go', 'src', 'a.go'), randomBytes(300_000));
  execFileSync('chown', ['-R', `${uid}:${gid}`, tree]);
  extra?.(tree);
  const composed = await compose({ tree, size: 64 * MiB });
  if (!composed.ok) throw new Error(composed.error.detail);
  return { tree, plan: composed.value.plan };
}

/** Runs the built writer for the second user ('none': we are root, so it starts as root, like sudo's). */
async function writeAsUser(plan: Plan, name: string) {
  const target = loops.make(name, 64 * MiB);
  const saved = { SUDO_UID: process.env.SUDO_UID, SUDO_GID: process.env.SUDO_GID };
  Object.assign(process.env, { SUDO_UID: String(uid), SUDO_GID: String(gid) });
  try {
    const result = await runPrivileged(
      { jobId: name, plan, targets: [{ device: target.device }], heldPaths: [], includeLoop: true },
      { elevation: 'none' },
    );
    if (!result.ok) throw new Error(result.error.detail);
    return { result: result.value[0], image: readFileSync(target.backing) };
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

const leaks = (image: Buffer): boolean => image.includes(secret.subarray(100, 164));

describe.skipIf(!root)('F1: root reads nothing by path', () => {
  it('a tree file swapped for a link to a root-only file between compose and write never reaches the stick', async () => {
    const { plan } = await usersTree();
    // The window: after compose, while the password prompt is open.
    asUser(`cd ${dir}/tree-${trees - 1}/go && rm VERSION && ln -s ${dir}/secret VERSION`);
    const { result, image } = await writeAsUser(plan, 'swapped');
    expect(result).toMatchObject({ ok: false, error: { code: 'E_IO' }, firstMiBZeroed: true });
    expect(result?.error?.detail).toMatch(
      /go\/VERSION changed after it was scanned \(it is a symbolic link now\)/,
    );
    expect(leaks(image)).toBe(false);
  });

  it("reads with the invoking user's rights: a root-only file in the plan is refused, not copied", async () => {
    // Even a plan that names the secret as it is (same file, same identity) gets no byte of it.
    const { plan } = await usersTree((tree) => {
      writeFileSync(join(tree, 'go', 'root-only'), secret, { mode: 0o600 });
      chownSync(join(tree, 'go', 'root-only'), 0, 0);
    });
    const { result, image } = await writeAsUser(plan, 'root-only');
    expect(result).toMatchObject({ ok: false, error: { code: 'E_IO' }, firstMiBZeroed: true });
    expect(result?.error?.cause ?? result?.error?.detail).toMatch(/EACCES|permission denied/i);
    expect(leaks(image)).toBe(false);
  });

  it("writes and verifies the user's own tree, switching back to root to read the device back", async () => {
    const { tree, plan } = await usersTree();
    const { result, image } = await writeAsUser(plan, 'clean');
    expect(result).toMatchObject({ ok: true, verified: true });
    const version = readFileSync(join(tree, 'go', 'VERSION'));
    expect(image.includes(version.subarray(0, 4096))).toBe(true);
  });
});
