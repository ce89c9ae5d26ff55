// A tree file swapped between compose and write (a link, another file, a linked folder) never reaches the stick.

import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePlan } from '../write/fan-out';
import { readPlanChunks } from './chunks';
import { compose } from '../image/compose';
import type { Plan } from './plan';
import { bytes } from '../image/testing/trees';
import { testThreads } from './testing/threads';

const scratch = mkdtempSync(join(tmpdir(), 'source-swap-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const mib = 1024 * 1024;
/** What the attacker wants on the stick; any 64-byte run of it found in the image is a leak. */
const secret = Buffer.from('SECRET-'.repeat(100_000).slice(0, 600_000));
const secretFile = join(scratch, 'shadow');
writeFileSync(secretFile, secret, { mode: 0o600 });

let trees = 0;
/** A fresh tree with `go/VERSION` as big as the secret, composed; the swap comes after. */
async function composed(): Promise<{ tree: string; plan: Plan }> {
  const tree = join(scratch, `tree-${trees++}`);
  mkdirSync(join(tree, 'go', 'src'), { recursive: true });
  writeFileSync(join(tree, 'go', 'VERSION'), bytes(secret.length, 1));
  writeFileSync(join(tree, 'go', 'src', 'a.go'), bytes(70_000, 2));
  const result = await compose({ tree, size: 64 * mib });
  if (!result.ok) throw new Error(result.error.detail);
  return { tree, plan: result.value.plan };
}

const leaks = (image: Buffer): boolean => image.includes(secret.subarray(1000, 1064));

async function writeImage(plan: Plan, name: string) {
  const image = join(scratch, name);
  const outcome = await writePlan({ threads: testThreads(), plan, targets: [image], direct: false });
  return { outcome: outcome.targets[0], image: readFileSync(image) };
}

describe('F1: a source swapped after the scan is not read', () => {
  it('refuses a file replaced by a symbolic link to a secret, naming it', async () => {
    const { tree, plan } = await composed();
    unlinkSync(join(tree, 'go', 'VERSION'));
    symlinkSync(secretFile, join(tree, 'go', 'VERSION'));
    const { outcome, image } = await writeImage(plan, 'link.img');
    expect(outcome?.error?.code).toBe('E_IO');
    expect(outcome?.error?.detail).toMatch(
      /go\/VERSION changed after it was scanned \(it is a symbolic link now\)/,
    );
    expect(outcome?.error?.hint).toMatch(/compose and write again/);
    expect(leaks(image)).toBe(false);
  });

  it('refuses another file of the same size moved into its place', async () => {
    const { tree, plan } = await composed();
    const other = join(scratch, `other-${trees}`);
    writeFileSync(other, secret);
    renameSync(other, join(tree, 'go', 'VERSION'));
    const { outcome, image } = await writeImage(plan, 'renamed.img');
    expect(outcome?.error?.detail).toMatch(/it is another file now/);
    expect(leaks(image)).toBe(false);
  });

  it('refuses a folder on the way replaced by a link to a folder holding the same names', async () => {
    const { tree, plan } = await composed();
    const elsewhere = join(scratch, `elsewhere-${trees}`);
    mkdirSync(join(elsewhere, 'src'), { recursive: true });
    writeFileSync(join(elsewhere, 'VERSION'), secret);
    writeFileSync(join(elsewhere, 'src', 'a.go'), secret.subarray(0, 70_000));
    rmSync(join(tree, 'go'), { recursive: true });
    symlinkSync(elsewhere, join(tree, 'go'));
    const { outcome, image } = await writeImage(plan, 'folder.img');
    expect(outcome?.error?.detail).toMatch(/it is another file now/);
    expect(leaks(image)).toBe(false);
  });

  it('refuses the swap when a mismatch is located again from the sources (the verifier)', async () => {
    const { tree, plan } = await composed();
    unlinkSync(join(tree, 'go', 'VERSION'));
    symlinkSync(secretFile, join(tree, 'go', 'VERSION'));
    const read = async (): Promise<void> => {
      for await (const chunk of readPlanChunks(plan)) expect(leaks(Buffer.from(chunk.data))).toBe(false);
    };
    await expect(read()).rejects.toThrow(/changed after it was scanned/);
  });
});
