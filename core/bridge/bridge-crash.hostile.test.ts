// F4: requests that ended `serve` (a bad percent-escape, a token of another byte length) get answers now.

import { afterEach, describe, expect, it } from 'vitest';
import { cutHttp, originOf, openSocket, rawHttp, request } from './testing/bridge-client';
import { spawnBridge, type BridgeProcess } from './testing/spawn-bridge';

let bridge: BridgeProcess | undefined;
afterEach(() => bridge?.stop());

/** The process still answers a real request after the attack. */
async function stillServes(target: BridgeProcess): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 200)); // an unhandled rejection ends Node on the next tick
  expect(target.alive()).toBe(true);
  const socket = await openSocket(target.port, target.token);
  expect(await request(socket, { id: 7, name: 'appInfo', payload: {} })).toMatchObject({
    result: { ok: true },
  });
  socket.close();
}

describe('F4: the bridge survives malformed paths and tokens', () => {
  it('answers GET /% and an unfinished UTF-8 escape without ending the process', async () => {
    bridge = await spawnBridge();
    for (const path of ['/%', '/%E0%A4%A', '/assets/%ZZ', '/%00', 'http://[', '*'])
      expect(
        await rawHttp(bridge.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\n\r\n`),
      ).toMatch(/^HTTP\/1\.1 [45]\d\d /);
    await stillServes(bridge);
  });

  it('refuses a token with the right length in characters but not in bytes, and lives', async () => {
    bridge = await spawnBridge();
    const wide = 'é'.repeat(bridge.token.length);
    for (const headers of [{}, { origin: originOf(bridge.port) }])
      await expect(openSocket(bridge.port, wide, headers)).rejects.toThrow(/403|socket hang up|closed/);
    const handshake = (token: string) =>
      `GET /bridge?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${bridge?.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;
    for (const token of ['%', '%C3', encodeURIComponent(wide), '\u00ff'.repeat(32)])
      expect(await rawHttp(bridge.port, Buffer.from(handshake(token), 'latin1'))).toMatch(
        /^HTTP\/1\.1 4\d\d|^$/,
      );
    await stillServes(bridge);
  });

  it('lives through a message over the size limit and a socket cut mid-handshake', async () => {
    bridge = await spawnBridge();
    const socket = await openSocket(bridge.port, bridge.token);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.send('x'.repeat(2 * 1024 * 1024));
    await closed;
    await cutHttp(
      bridge.port,
      `GET /bridge HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\nUpgrade: websocket\r\n`,
    );
    await stillServes(bridge);
  });
});
