// F7 (boot test): what the app may hand QEMU: an image file with a boot sector, nothing else.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootTestHandlers } from '../service/boot-test';
import { checkImage } from './check-image';

const dir = mkdtempSync(join(tmpdir(), 'sourcery-f7-boot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('F7: the bootTest handler boots image files only', () => {
  const handlers = bootTestHandlers({ emit: () => undefined, shell: 'browser', dataDir: dir });
  const boot = (image: string) =>
    handlers.bootTest({ jobId: `j-${Math.random()}`, image, arch: 'amd64', timeoutSeconds: 5 });

  it('a FIFO is refused at once instead of hanging QEMU or us', async () => {
    const fifo = join(dir, 'pipe.img');
    execFileSync('mkfifo', [fifo]);
    const result = await boot(fifo);
    expect(result.ok || result.error.detail).toContain('a FIFO');
  });

  it('a device is refused from the app (the CLI may boot a stick)', async () => {
    const result = await boot('/dev/zero');
    expect(result.ok || result.error.detail).toContain('a character device');
    expect((await checkImage('/dev/zero', true)).ok).toBe(false);
  });

  it('a file that is no disk image (a key, a text file) is refused', async () => {
    const key = join(dir, 'id_ed25519');
    writeFileSync(key, '-----BEGIN OPENSSH PRIVATE KEY-----\n'.repeat(20));
    const result = await boot(key);
    expect(result.ok || result.error.detail).toContain('no boot sector');
  });

  it('a folder is refused', async () => {
    const result = await boot(dir);
    expect(result.ok || result.error.detail).toContain('a folder');
  });
});
