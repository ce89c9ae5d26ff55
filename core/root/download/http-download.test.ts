import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../errors';
import { startFileServer, type FileServer } from '../testing/file-server';
import { downloadFile } from './http-download';
import { get } from './http1';

const body = randomBytes(3 * 1024 * 1024 + 17);
const sha256 = createHash('sha256').update(body).digest('hex');
let dir: string;
let server: FileServer | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-download-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('downloadFile', () => {
  it('resumes with Range after the connection drops mid-transfer', async () => {
    server = await startFileServer({ '/root.tar': { body, dropAfter: 1024 * 1024, drops: 2 } });
    const file = join(dir, 'root.part');
    const got = await downloadFile({ url: server.url('/root.tar'), file, backoffMs: 10 });
    expect(got.sha256).toBe(sha256);
    expect(got.attempts).toBe(3);
    expect((await readFile(file)).equals(body)).toBe(true);
    expect(server.ranges[0]).toBe('');
    expect(server.ranges[1]).toMatch(/^bytes=\d+-$/);
    expect(Number(/\d+/.exec(server.ranges[1] ?? '')?.[0])).toBeGreaterThan(0);
  });

  it('starts over when the server ignores Range, and still ends with the right bytes', async () => {
    server = await startFileServer({ '/root.tar': { body, ignoreRange: true, dropAfter: 2 * 1024 * 1024 } });
    const file = join(dir, 'root.part');
    const got = await downloadFile({ url: server.url('/root.tar'), file, backoffMs: 10 });
    expect(got.sha256).toBe(sha256);
    expect((await readFile(file)).equals(body)).toBe(true);
  });

  it('resumes a partial file left by an earlier run', async () => {
    server = await startFileServer({ '/root.tar': { body } });
    const file = join(dir, 'root.part');
    await writeFile(file, body.subarray(0, 1000));
    const got = await downloadFile({ url: server.url('/root.tar'), file });
    expect(got.sha256).toBe(sha256);
    expect(server.ranges).toEqual(['bytes=1000-']);
  });

  it('retries server errors with backoff, then gives up with E_DOWNLOAD', async () => {
    server = await startFileServer({
      '/flaky.tar': { body, failStatus: 503, failures: 2 },
      '/down.tar': { body, failStatus: 503, failures: 99 },
    });
    const logs: string[] = [];
    const got = await downloadFile({
      url: server.url('/flaky.tar'),
      file: join(dir, 'a'),
      backoffMs: 10,
      onLog: (_l, m) => logs.push(m),
    });
    expect(got.attempts).toBe(3);
    expect(logs.join('\n')).toContain('HTTP 503');
    const failing = downloadFile({
      url: server.url('/down.tar'),
      file: join(dir, 'b'),
      backoffMs: 1,
      retries: 2,
    });
    await expect(failing).rejects.toBeInstanceOf(EngineError);
    await expect(failing).rejects.toMatchObject({ appError: { code: 'E_DOWNLOAD' } });
  });

  it('does not retry a missing file', async () => {
    server = await startFileServer({});
    const failing = downloadFile({ url: server.url('/nope.tar'), file: join(dir, 'c'), backoffMs: 1 });
    await expect(failing).rejects.toMatchObject({ appError: { code: 'E_DOWNLOAD' } });
    expect(server.ranges).toHaveLength(1);
  });

  it('reports bytes, speed and ETA while it goes', async () => {
    server = await startFileServer({ '/root.tar': { body } });
    const seen: { bytesDone: number; bytesTotal: number; speed: number; eta?: number }[] = [];
    await downloadFile({
      url: server.url('/root.tar'),
      file: join(dir, 'd'),
      progressEveryMs: 0,
      onProgress: (p) => seen.push(p),
    });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((p) => p.bytesTotal === body.length)).toBe(true);
    expect(seen.map((p) => p.bytesDone)).toEqual([...seen.map((p) => p.bytesDone)].sort((a, b) => a - b));
    expect(seen.at(-1)?.bytesDone).toBe(body.length);
    expect(seen.some((p) => p.speed > 0 && p.eta !== undefined)).toBe(true);
  });

  it('follows redirects and reads a chunked body', async () => {
    server = await startFileServer({
      '/latest.tar': { body, redirectTo: '/v2/root.tar' },
      '/v2/root.tar': { body, chunkSize: 100_000 },
    });
    const file = join(dir, 'e');
    const got = await downloadFile({ url: server.url('/latest.tar'), file });
    expect(got.sha256).toBe(sha256);
    expect((await readFile(file)).equals(body)).toBe(true);
    expect(server.ranges).toHaveLength(2);
  });

  it('downloads over HTTPS, and refuses a certificate it does not trust', async () => {
    const pem = (name: string) => join(dir, name);
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
        ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', pem('key.pem'), '-out', pem('cert.pem')],
      ],
      { stdio: 'ignore' },
    );
    const tls = { key: readFileSync(pem('key.pem'), 'utf8'), cert: readFileSync(pem('cert.pem'), 'utf8') };
    server = await startFileServer({ '/root.tar': { body, dropAfter: 1024 * 1024 } }, { tls });
    const got = await downloadFile({
      url: server.url('/root.tar'),
      file: join(dir, 'f'),
      ca: tls.cert,
      backoffMs: 1,
    });
    expect(got.sha256).toBe(sha256);
    expect(got.attempts).toBe(2);
    const untrusted = downloadFile({ url: server.url('/root.tar'), file: join(dir, 'g'), retries: 0 });
    await expect(untrusted).rejects.toMatchObject({
      appError: { code: 'E_DOWNLOAD', detail: expect.stringMatching(/self.signed|certificate/i) },
    });
  });

  it('drops a connection that goes silent and resumes after what came', async () => {
    server = await startFileServer({ '/root.tar': { body, dropAfter: 1024 * 1024, stall: true } });
    const logs: string[] = [];
    const got = await downloadFile({
      url: server.url('/root.tar'),
      file: join(dir, 'h'),
      idleTimeoutMs: 300,
      backoffMs: 1,
      onLog: (_l, m) => logs.push(m),
    });
    expect(got.sha256).toBe(sha256);
    expect(logs.join('\n')).toContain('the server sent nothing for 300 ms');
    expect(server.ranges[1]).toBe('bytes=1048576-');
  });

  it('asks the client it is given (the bench passes undici), resume included', async () => {
    server = await startFileServer({ '/root.tar': { body, dropAfter: 1024 * 1024, drops: 1 } });
    const asked: Array<Record<string, string>> = [];
    const got = await downloadFile({
      url: server.url('/root.tar'),
      file: join(dir, 'g'),
      backoffMs: 1,
      get: (url, options) => (asked.push({ ...options?.headers }), get(url, options)),
    });
    expect(got.sha256).toBe(sha256);
    expect(asked).toEqual([{}, { Range: 'bytes=1048576-' }]);
  });
});
