import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayloads } from '../../contract';
import { startFileServer, type FileServer } from '../root/testing/file-server';
import { makeRoot, tarDir } from '../root/testing/make-root';
import { createHandlers } from './handlers';

let dir: string;
let server: FileServer | undefined;
const events: { name: string; payload: unknown }[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-roots-service-'));
  events.length = 0;
  process.env.XDG_CACHE_HOME = join(dir, 'xdg');
});
afterEach(async () => {
  delete process.env.XDG_CACHE_HOME;
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const handlers = () =>
  createHandlers({
    emit: <K extends keyof EventPayloads>(name: K, payload: EventPayloads[K]) =>
      events.push({ name, payload }),
    shell: 'browser',
    dataDir: dir,
  });

describe('root handlers', () => {
  it('fetches a root as a job: progress and log events, then the manifest', async () => {
    await makeRoot(join(dir, 'made'));
    tarDir(join(dir, 'made'), join(dir, 'root.tar.gz'), '-z');
    const body = await readFile(join(dir, 'root.tar.gz'));
    server = await startFileServer({ '/root.tar.gz': { body, dropAfter: 100 } });
    const sha256 = createHash('sha256').update(body).digest('hex');
    const result = await handlers().rootFetch({
      jobId: 'j1',
      url: server.url('/root.tar.gz'),
      sha256,
      out: join(dir, 'roots', 'out'),
    });
    if (!result.ok) throw new Error(result.error.detail);
    expect(result.value.archs).toEqual(['amd64']);
    const phases = events
      .filter((e) => e.name === 'jobProgress')
      .map((e) => (e.payload as { phase: string }).phase);
    expect(phases).toContain('verifying');
    expect(phases.at(-1)).toBe('done');
    const steps = events.map((e) => (e.payload as { step?: string }).step).filter(Boolean);
    expect(steps).toContain(server.url('/root.tar.gz'));
    const logs = events
      .filter((e) => e.name === 'jobLog')
      .map((e) => (e.payload as { message: string }).message);
    expect(logs.join('\n')).toMatch(/trying again/);
    const inspected = await handlers().rootInspect({ dir: join(dir, 'roots', 'out') });
    expect(inspected.ok && inspected.value.treeHash).toBe(result.value.treeHash);
  });

  it('cancels a running download', async () => {
    server = await startFileServer({
      '/slow.tar': { body: Buffer.alloc(1 << 20), failStatus: 503, failures: 99 },
    });
    const h = handlers();
    const running = h.rootFetch({
      jobId: 'j2',
      url: server.url('/slow.tar'),
      sha256: 'a'.repeat(64),
      out: join(dir, 'roots', 'o'),
    });
    // Cancelled once it is under way: its first retry is logged (not after a fixed wait, which a
    // loaded machine can outrun before the job has even started).
    const started = () =>
      events.some(
        (e) => e.name === 'jobLog' && /trying again/.test(String((e.payload as { message: string }).message)),
      );
    for (let waited = 0; !started() && waited < 20_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started()).toBe(true);
    expect(await h.rootCancel({ jobId: 'j2' })).toEqual({ ok: true, value: { cancelled: true } });
    const result = await running;
    expect(result.ok ? '' : result.error.code).toBe('E_CANCELLED');
  });
});
