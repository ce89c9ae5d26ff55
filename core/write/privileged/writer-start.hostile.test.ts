// F2 for real: the built writer started from a folder an attacker chose, with an environment an attacker
// poisoned (NODE_OPTIONS, NODE_PATH, TMPDIR with a tsx cache, a tsconfig.json): none of it runs.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPrivileged } from './run-privileged';

const attacker = mkdtempSync(join(tmpdir(), 'attacker-'));
afterAll(() => rmSync(attacker, { recursive: true, force: true }));

/** A file that appears only if code of the attacker's ran. */
const marker = (name: string): string => join(attacker, `ran-${name}`);
const plant = (name: string): string =>
  `require('node:fs').writeFileSync(${JSON.stringify(marker(name))}, '')`;

function poison(): NodeJS.ProcessEnv {
  writeFileSync(join(attacker, 'evil.cjs'), plant('node-options'));
  mkdirSync(join(attacker, 'node_modules', 'zod'), { recursive: true });
  writeFileSync(join(attacker, 'node_modules', 'zod', 'index.js'), plant('node-path'));
  writeFileSync(join(attacker, 'node_modules', 'zod', 'package.json'), '{"name":"zod","main":"index.js"}');
  writeFileSync(join(attacker, 'evil-zod.ts'), plant('tsconfig'));
  writeFileSync(
    join(attacker, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { zod: ['./evil-zod.ts'] } } }),
  );
  // tsx's cache as root would find it (TMPDIR/tsx-0), owned by the attacker.
  mkdirSync(join(attacker, 'tmp', 'tsx-0'), { recursive: true });
  writeFileSync(join(attacker, 'tmp', 'tsx-0', 'poisoned'), plant('tsx-cache'));
  return {
    NODE_OPTIONS: `--require ${join(attacker, 'evil.cjs')}`,
    NODE_PATH: join(attacker, 'node_modules'),
    TMPDIR: join(attacker, 'tmp'),
    TSX_TSCONFIG_PATH: join(attacker, 'tsconfig.json'),
  };
}

describe('F2: root runs only code users cannot change', () => {
  it('starts the built writer from / with none of the caller’s environment, whatever folder and variables it has', async () => {
    const poisoned = poison();
    // The poison is real: given to node, it runs.
    spawnSync(process.execPath, ['-e', '0'], { cwd: attacker, env: { ...process.env, ...poisoned } });
    expect(existsSync(marker('node-options'))).toBe(true);
    rmSync(marker('node-options'));

    const saved = { ...process.env };
    const cwd = process.cwd();
    Object.assign(process.env, poisoned);
    process.chdir(attacker);
    let elevated = false;
    try {
      const result = await runPrivileged(
        {
          jobId: 'f2',
          plan: { size: 1 << 20, extents: [], diskSignature: 1, partition: { offset: 0, length: 1 << 20 } },
          targets: [{ device: join(attacker, 'not-a-device') }],
          heldPaths: [],
        },
        { elevation: 'none', onElevated: () => (elevated = true) },
      );
      // The writer ran (it answered, and refused a file target as it always does).
      expect(elevated).toBe(true);
      expect(result.ok && result.value[0]?.ok).toBe(false);
    } finally {
      process.chdir(cwd);
      for (const key of Object.keys(poisoned)) if (saved[key] === undefined) delete process.env[key];
    }
    for (const name of ['node-options', 'node-path', 'tsconfig', 'tsx-cache'])
      expect(existsSync(marker(name))).toBe(false);
  });
});
