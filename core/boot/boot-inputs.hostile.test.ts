// F7 (boot inputs): kernelInspect and the boot request read only regular files of sane size, by descriptor.

import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootHandlers } from '../service/boot';
import { fakeBzImage } from './testing/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'sourcery-f7-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { kernelInspect } = bootHandlers({ emit: () => undefined, shell: 'browser', dataDir: dir });

describe('F7: boot inputs are regular files within limits', () => {
  it('a FIFO named as a kernel or a .deb is refused at once, not waited on', async () => {
    for (const name of ['vmlinuz-1', 'linux-image.deb']) {
      const fifo = join(dir, name);
      execFileSync('mkfifo', [fifo]);
      const result = await kernelInspect({ arch: 'amd64', path: fifo });
      expect(result.ok || result.error.detail).toContain('a FIFO');
    }
  }, 5000);

  it('a device is refused', async () => {
    const result = await kernelInspect({ arch: 'amd64', path: '/dev/zero' });
    expect(result.ok || result.error.detail).toContain('a character device');
  }, 5000);

  it('a "kernel" larger than any kernel (a sparse 300 MiB file) is refused before it is read whole', async () => {
    const path = join(dir, 'vmlinuz-huge');
    const fd = openSync(path, 'w');
    writeSync(fd, fakeBzImage(8192), 0, 8192, 0);
    writeSync(fd, Buffer.from([0]), 0, 1, 300 * 1024 * 1024);
    closeSync(fd);
    const result = await kernelInspect({ arch: 'amd64', path });
    expect(result.ok || result.error.detail).toContain('more than any kernel');
  }, 5000);
});
