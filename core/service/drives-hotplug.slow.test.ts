// Hotplug as the wizard sees it: a loop device attached and detached shows up in `drivesChanged`.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { DriveDTO } from '../../contract';
import { createHandlers } from './handlers';

const dir = mkdtempSync(join(tmpdir(), 'hotplug-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it.runIf(process.getuid?.() === 0 && process.platform === 'linux')(
  'pushes the new list within seconds of a drive appearing and leaving',
  async () => {
    const lists: DriveDTO[][] = [];
    const handlers = createHandlers({
      shell: 'browser',
      dataDir: dir,
      emit: (name, payload) => {
        if (name === 'drivesChanged') lists.push(payload as DriveDTO[]);
      },
    });
    const waitFor = async (check: (list: DriveDTO[]) => boolean): Promise<void> => {
      for (let waited = 0; waited < 10_000; waited += 100) {
        if (lists.some(check)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('no drivesChanged event within 10 s');
    };
    const first = await handlers.drivesList({ includeLoop: true });
    expect(first.ok).toBe(true);
    execFileSync('truncate', ['-s', '40M', join(dir, 'hot.backing')]);
    const device = execFileSync('losetup', ['--find', '--show', join(dir, 'hot.backing')], {
      encoding: 'utf8',
    }).trim();
    try {
      await waitFor((list) => list.some((d) => d.device === device && d.size === 40 * 1024 * 1024));
    } finally {
      execFileSync('losetup', ['-d', device]);
    }
    lists.length = 0;
    await waitFor((list) => !list.some((d) => d.device === device));
  },
);
