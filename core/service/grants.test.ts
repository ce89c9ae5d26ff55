// Grants: a root picked in main's dialog (or dropped) may be read where a typed path may not; nothing more.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FieldGrants, rootReadGrants } from './grants';
import { bridgePathPolicy } from './root-paths';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-grants-'));
  await mkdir(join(dir, '.local', 'root'), { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const outcome = (p: Promise<string>) =>
  p.then(
    () => 'allowed',
    () => 'refused',
  );

describe('field grants', () => {
  it('answers per field, remembers the newest, and forgets the oldest past its bound', () => {
    const grants = new FieldGrants();
    grants.record('root', '/a/b/../root', 'dialog');
    expect(grants.granted('root', '/a/root')).toBe('dialog');
    expect(grants.granted('kernel', '/a/root')).toBeUndefined();
    for (let i = 0; i < 300; i++) grants.record('kernel', `/k/${i}`, 'browser');
    expect(grants.granted('kernel', '/k/0')).toBeUndefined();
    expect(grants.latest('kernel')).toBe('/k/299');
  });

  it('lets a root picked in the dialog or dropped be read from a hidden folder; not one the page names', async () => {
    const hidden = join(dir, '.local', 'root');
    const grants = new FieldGrants();
    const policy = bridgePathPolicy(join(dir, 'data'), rootReadGrants(grants));
    expect(await outcome(policy.readable(hidden))).toBe('refused');
    grants.record('root', hidden, 'browser');
    expect(await outcome(policy.readable(hidden))).toBe('refused');
    grants.record('kernel', hidden, 'dialog');
    expect(await outcome(policy.readable(hidden))).toBe('refused');
    grants.record('root', hidden, 'drop');
    expect(await outcome(policy.readable(hidden))).toBe('allowed');
    grants.record('root', hidden, 'dialog');
    expect(await outcome(policy.readable(hidden))).toBe('allowed');
  });

  it('never widens where a root is written or which sources a build reads', async () => {
    const picked = join(dir, 'picked');
    await mkdir(picked);
    const grants = new FieldGrants();
    grants.record('root', picked, 'dialog');
    grants.record('root', join(dir, '.local', 'root'), 'dialog');
    const policy = bridgePathPolicy(join(dir, 'data'), rootReadGrants(grants));
    expect(await outcome(policy.out(picked))).toBe('refused');
    expect(await outcome(policy.localSource(join(dir, '.local', 'root')))).toBe('refused');
  });
});
