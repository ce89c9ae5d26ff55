// `boot-test` and the app's "Try it in an emulator" on a real bootable image: booted, streamed, unchanged.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LogLine } from '../../contract';
import { bootableTree } from '../../core/qemu/testing/bootable-tree';
import { createHandlers } from '../../core/service/handlers';
import { runCli } from '../testing/run-cli';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'boot-test-'));
const image = join(dir, 'stick.img');
const marker = 'SOURCERY-BOOT-OK arch=amd64';
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(async () => {
  const tree = join(dir, 'tree');
  const kernel = await bootableTree(repo, tree);
  const composed = await runCli([
    ...['compose', '--tree', tree, '--out', image, '--size', '128M'],
    ...['--kernel', `amd64=${kernel}`, '--boot', 'bios'],
  ]);
  if (composed.code !== 0) throw new Error(composed.err);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('boots the image, streams the console and leaves the image as it was', async () => {
  const before = sha(image);
  const { code, out } = await runCli([
    'boot-test',
    image,
    '--arch',
    'amd64',
    '--timeout',
    '240',
    '--expect',
    marker,
  ]);
  expect(out).toContain(marker);
  expect(out).toContain(`ok: ${image} booted on amd64 (bios)`);
  expect(code).toBe(0);
  expect(sha(image)).toBe(before);
});

it('the bootTest handler sends console lines as jobLog events', async () => {
  const logs: LogLine[] = [];
  const handlers = createHandlers({
    shell: 'browser',
    dataDir: dir,
    emit: (name, payload) => void (name === 'jobLog' && logs.push(payload as LogLine)),
  });
  // The default expectation is the root's init banner, which the test init prints before its marker.
  const result = await handlers.bootTest({ jobId: 'try-1', image, arch: 'amd64', timeoutSeconds: 240 });
  expect(result.ok ? result.value.matched : result.error).toContain('sourcery: init for linux_amd64');
  expect(logs.some((l) => l.jobId === 'try-1' && l.message.includes('sourcery: init for linux_amd64'))).toBe(
    true,
  );
});
