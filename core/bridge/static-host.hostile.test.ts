// L7: a rebinding domain gets nothing (Host checked on every request), and a wrong --ui folder leaks nothing.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBridgeServer, type BridgeServer } from './ws-server';
import { openSocket, rawHttp, recordingHandlers } from './testing/bridge-client';

let server: BridgeServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A --ui folder holding the wizard and, wrongly, other things beside it. */
function uiFolder(): string {
  dir = mkdtempSync(join(tmpdir(), 'sourcery-ui-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>wizard</title>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'ssh key');
  writeFileSync(join(dir, 'notes.html'), 'private');
  writeFileSync(join(dir, 'assets', '.env'), 'TOKEN=1');
  mkdirSync(join(dir, 'assets', 'deep'));
  writeFileSync(join(dir, 'assets', 'deep', 'x.js'), 'x');
  symlinkSync('/etc/passwd', join(dir, 'assets', 'passwd.js'));
  return dir;
}

const get = (port: number, path: string, host = `127.0.0.1:${port}`) =>
  rawHttp(port, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);

describe('L7: Host header and the static files', () => {
  it('answers only requests addressed to 127.0.0.1:PORT or localhost:PORT', async () => {
    server = await startBridgeServer({ staticDir: uiFolder(), createHandlers: () => recordingHandlers([]) });
    const { port, token } = server;
    expect(await get(port, '/')).toBe('HTTP/1.1 200 OK');
    expect(await get(port, '/', `localhost:${port}`)).toBe('HTTP/1.1 200 OK');
    for (const host of [
      `evil.example:${port}`,
      `127.0.0.1:${port}.evil.example`,
      '127.0.0.1',
      `127.0.0.1:${port + 1}`,
    ])
      expect(await get(port, '/', host)).toBe('HTTP/1.1 403 Forbidden');
    expect(await rawHttp(port, `GET / HTTP/1.1\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 4\d\d/);
    await expect(
      openSocket(port, token, { origin: `http://127.0.0.1:${port}`, host: `evil.example:${port}` }),
    ).rejects.toThrow(/403/);
  });

  it('serves index.html and assets/*.js, and not the other files, dotfiles, subfolders or links', async () => {
    server = await startBridgeServer({ staticDir: uiFolder(), createHandlers: () => recordingHandlers([]) });
    const { port } = server;
    expect(await get(port, '/assets/index-abc.js')).toBe('HTTP/1.1 200 OK');
    for (const path of [
      '/secret.txt',
      '/notes.html',
      '/assets/.env',
      '/assets/deep/x.js',
      '/assets/passwd.js',
    ])
      expect(await get(port, path), path).toBe('HTTP/1.1 404 Not Found');
  });
});
