// A source whose modules are neither vendored nor in the module cache, on a machine that cannot download
// them (GOPROXY=off stands for offline): the build stops naming the module and the two ways out.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../errors';
import { downloadModules } from './module-cache';

const dir = mkdtempSync(join(tmpdir(), 'module-cache-test-'));
const saved = { GOPROXY: process.env.GOPROXY, GOMODCACHE: process.env.GOMODCACHE };
afterAll(() => {
  for (const [name, value] of Object.entries(saved))
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  rmSync(dir, { recursive: true, force: true });
});

describe('modules that cannot be had offline', () => {
  it('names the missing module, the module cache it looked in, and what to do', async () => {
    const source = join(dir, 'needs');
    const modcache = join(dir, 'modcache');
    process.env.GOPROXY = 'off';
    process.env.GOMODCACHE = modcache;
    mkdirSync(source);
    writeFileSync(
      join(source, 'go.mod'),
      'module example.com/needs\n\ngo 1.19\n\nrequire example.invalid/nothing v1.2.3\n',
    );
    writeFileSync(
      join(source, 'main.go'),
      'package main\n\nimport _ "example.invalid/nothing"\n\nfunc main() {}\n',
    );
    const thrown = await downloadModules('go', source, 'example.com/needs').catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(EngineError);
    const error = (thrown as EngineError).appError;
    expect(error.code).toBe('E_ROOT_BUILD');
    expect(error.detail).toContain('the module example.invalid/nothing@v1.2.3');
    expect(error.detail).toContain(modcache);
    expect(error.hint).toMatch(/go mod download.*online.*go mod vendor/s);
    expect(error.hint).not.toMatch(/\bbug\b/i);
  });
});
