// The apt kernel handlers through the dispatch gate, against a real apt-get and a local mirror on 127.0.0.1.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emit, EventName, EventPayloads, FetchedKernelDTO, Handlers, Result } from '../../contract';
import { armKernel, serveTestRepo, type TestRepo } from '../boot/testing/apt-repo';
import { dispatch } from '../bridge/dispatch';
import { aptKernelHandlers } from './apt-kernels';
import { createHandlers } from './handlers';

describe('bootAptInfo and bootFetchKernel', () => {
  let repo: TestRepo;
  const dataDir = mkdtempSync(join(tmpdir(), 'sourcery-apt-service-'));
  const events: Array<{ name: EventName; payload: EventPayloads[EventName] }> = [];
  const emit: Emit = (name, payload) => events.push({ name, payload });
  let handlers: Handlers;
  beforeAll(async () => {
    repo = await serveTestRepo([
      { name: 'linux-image-arm64', version: '6.1.7-1', arch: 'arm64', depends: 'linux-image-6.1.0-2-arm64' },
      armKernel('6.1.0-2', '6.1.7-1'),
    ]);
    const context = { emit, shell: 'browser' as const, dataDir };
    handlers = { ...createHandlers(context), ...aptKernelHandlers(context, repo.host) };
  });
  afterAll(async () => {
    await repo.close();
    rmSync(repo.dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports apt, fetches the kernel as a job, and kernelInspect takes what it fetched', async () => {
    expect(await dispatch(handlers, 'bootAptInfo', {})).toEqual({
      ok: true,
      value: { available: true, release: 'testrel' },
    });
    const got = (await dispatch(handlers, 'bootFetchKernel', {
      jobId: 'k1',
      arch: 'arm64',
    })) as Result<FetchedKernelDTO>;
    expect(got.ok ? got.value : got).toMatchObject({
      package: 'linux-image-6.1.0-2-arm64',
      version: '6.1.7-1',
    });
    if (!got.ok) return;
    expect(got.value.path.startsWith(dataDir)).toBe(true);
    const lines = events.flatMap((e) => (e.name === 'jobLog' && 'message' in e.payload ? [e.payload] : []));
    expect(lines.every((l) => l.jobId === 'k1')).toBe(true);
    expect(lines.map((l) => l.message).join('\n')).toMatch(/apt-get download linux-image-6\.1\.0-2-arm64/);
    const phases = events.flatMap((e) =>
      e.name === 'jobProgress' && 'phase' in e.payload ? [e.payload.phase] : [],
    );
    expect(phases.at(-1)).toBe('done');
    const inspected = await dispatch(handlers, 'kernelInspect', { arch: 'arm64', path: got.value.path });
    expect(inspected.ok ? inspected.value : inspected).toMatchObject({
      arch: 'arm64',
      version: '6.1.0-2-arm64',
    });
  });

  it('refuses an architecture outside the contract before any handler runs', async () => {
    const got = await dispatch(
      handlers,
      'bootFetchKernel',
      { jobId: 'k2', arch: '../../mips' },
      { report: () => {} },
    );
    expect(got.ok ? got : got.error.code).toBe('E_BAD_REQUEST');
  });

  it('a host that is not Debian reports no apt, with what to do instead', async () => {
    const osRelease = join(dataDir, 'os-release');
    writeFileSync(osRelease, 'ID=arch\n');
    const other = aptKernelHandlers({ emit, shell: 'browser', dataDir }, { etcApt: dataDir, osRelease });
    const info = await other.bootAptInfo({});
    expect(info.ok && info.value.available).toBe(false);
    expect(info.ok ? info.value.error?.hint : '').toMatch(/Pick a kernel file/);
  });
});
