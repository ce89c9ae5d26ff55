import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectRoot, requireValidRoot } from './inspect';
import { makeRoot } from './testing/make-root';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-inspect-'));
  await makeRoot(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An ELF header for another machine: 64-bit, little-endian, e_machine at byte 18. */
function elfFor(machine: number): Buffer {
  const head = Buffer.alloc(64);
  head.writeUInt32BE(0x7f454c46, 0);
  head[4] = 2;
  head[5] = 1;
  head.writeUInt16LE(machine, 18);
  return head;
}

describe('inspectRoot', () => {
  it('describes a well-formed root', async () => {
    const result = await inspectRoot(dir);
    if (!result.ok) throw new Error(result.error.detail);
    const manifest = result.value;
    expect(manifest.problems).toEqual([]);
    expect(manifest.archs).toEqual(['amd64']);
    expect(manifest.goVersion).toBe('go1.19.8');
    expect(manifest.commands).toEqual({ amd64: 1 });
    expect(manifest.files).toBe(10);
    expect(manifest.treeHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same tree hash for the same tree and another for one changed byte', async () => {
    const first = await inspectRoot(dir);
    const second = await inspectRoot(dir);
    await writeFile(join(dir, 'go/src/fmt/print.go'), 'package fmT\n');
    const third = await inspectRoot(dir);
    if (!first.ok || !second.ok || !third.ok) throw new Error('inspect failed');
    expect(second.value.treeHash).toBe(first.value.treeHash);
    expect(third.value.treeHash).not.toBe(first.value.treeHash);
  });

  it('names a program built for the wrong architecture, and drops that architecture', async () => {
    await writeFile(join(dir, 'linux_amd64/bin/init'), elfFor(183));
    const result = await inspectRoot(dir);
    if (!result.ok) throw new Error(result.error.detail);
    expect(result.value.archs).toEqual([]);
    expect(result.value.problems).toContainEqual({
      path: '/linux_amd64/bin/init',
      problem: 'is built for arm64, not amd64',
    });
  });

  it('lists missing programs for an architecture folder that is there', async () => {
    await mkdir(join(dir, 'linux_riscv64/bin'), { recursive: true });
    const result = await inspectRoot(dir);
    if (!result.ok) throw new Error(result.error.detail);
    expect(result.value.problems.map((p) => p.path)).toContain('/linux_riscv64/bin/go');
  });

  it('refuses symlinks and VFAT-illegal names through the composer checks', async () => {
    await symlink('/etc/passwd', join(dir, 'src/passwd'));
    await writeFile(join(dir, 'src/what?.go'), '');
    const result = await requireValidRoot(dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('E_ROOT_INVALID');
    expect(result.error.detail).toContain('/src/passwd');
    expect(result.error.detail).toContain('/src/what?.go');
  });

  it('says what is missing from a folder that is not a root', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'sf-empty-'));
    const result = await requireValidRoot(empty);
    await rm(empty, { recursive: true });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.detail).toMatch(/\/go is missing[\s\S]*\/src is missing/);
  });
});
