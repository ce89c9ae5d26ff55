// The loopback bridge: launch code for token, then requests over the WebSocket, from our own origin only.

import { afterEach, describe, expect, it } from 'vitest';
import { startBridgeServer, type BridgeServer } from './ws-server';
import {
  codeOf,
  openSocket,
  originOf,
  rawHttp,
  recordingHandlers,
  request,
  tradeCode,
  type RecordedCall,
} from './testing/bridge-client';

let server: BridgeServer | undefined;
afterEach(async () => server?.close());

const start = async (calls: RecordedCall[] = []) =>
  (server = await startBridgeServer({ createHandlers: () => recordingHandlers(calls), report: () => {} }));

describe('the loopback bridge', () => {
  it('gives a launch address, not the token, and trades its code for the token once', async () => {
    const bridge = await start();
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#code=[\w-]{22}$/);
    expect(bridge.url).not.toContain(bridge.token);
    const first = await tradeCode(bridge.port, codeOf(bridge.url));
    expect(first).toEqual({ status: 200, body: { token: bridge.token } });
    expect(await tradeCode(bridge.port, codeOf(bridge.url))).toEqual({
      status: 403,
      body: { refused: 'used-or-expired' },
    });
  });

  it('answers a valid request and rejects a malformed one with E_BAD_REQUEST', async () => {
    const bridge = await start();
    const socket = await openSocket(bridge.port, bridge.token);
    expect(await request(socket, { id: 1, name: 'appInfo', payload: {} })).toMatchObject({
      id: 1,
      result: { ok: true },
    });
    expect(
      await request(socket, { id: 2, name: 'drivesList', payload: { includeLoop: 'yes' } }),
    ).toMatchObject({ id: 2, result: { ok: false, error: { code: 'E_BAD_REQUEST' } } });
    expect(await request(socket, { id: 3, name: 'rmRf', payload: {} })).toMatchObject({
      result: { ok: false, error: { code: 'E_BAD_REQUEST' } },
    });
    socket.close();
  });

  it('refuses a connection without the token, without an Origin, or from another origin', async () => {
    const bridge = await start();
    await expect(openSocket(bridge.port, 'nope')).rejects.toThrow(/403/);
    await expect(openSocket(bridge.port, bridge.token, {})).rejects.toThrow(/403/);
    await expect(openSocket(bridge.port, bridge.token, { origin: 'http://evil.example' })).rejects.toThrow(
      /403/,
    );
    const socket = await openSocket(bridge.port, bridge.token, { origin: `http://localhost:${bridge.port}` });
    socket.close();
  });

  it('serves only index.html and assets/ of the wizard folder', async () => {
    const bridge = await start();
    expect(await rawHttp(bridge.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\n\r\n`)).toBe(
      'HTTP/1.1 404 Not Found',
    );
    expect(originOf(bridge.port)).toBe(`http://127.0.0.1:${bridge.port}`);
  });
});
