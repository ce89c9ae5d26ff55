// Random and mutated requests at the real server on 127.0.0.1: every one is answered, the server lives,
// and only schema-valid payloads reach a handler.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { startBridgeServer, type BridgeServer } from './ws-server';
import { everyCallValid, openSocket, rawHttp, recordingHandlers, request } from './testing/bridge-client';
import type { RecordedCall } from './testing/bridge-client';
import { requestArbitrary } from './testing/payloads';

const calls: RecordedCall[] = [];
let server: BridgeServer;
let socket: WebSocket;
beforeAll(async () => {
  server = await startBridgeServer({ createHandlers: () => recordingHandlers(calls), report: () => {} });
  socket = await openSocket(server.port, server.token);
});
afterAll(async () => {
  socket.close();
  await server.close();
});

/** A message as a hostile client sends it: a request with any id, or any text at all. */
const messageArbitrary = fc.oneof(
  fc
    .tuple(fc.oneof(fc.integer(), fc.anything({ maxDepth: 1 })), requestArbitrary)
    .map(([id, [name, payload]]) => {
      try {
        return JSON.stringify({ id, name, payload }) ?? 'undefined';
      } catch {
        return '{"id":1}'; // BigInt and friends have no JSON form
      }
    }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.json({ maxDepth: 6 }),
);

describe('the WebSocket/HTTP bridge under random requests', () => {
  it('answers every WebSocket message and lets only valid payloads through', async () => {
    await fc.assert(
      fc.asyncProperty(messageArbitrary, async (message) => {
        const answer = await request(socket, message);
        expect(typeof answer.result.ok).toBe('boolean');
        expect(everyCallValid(calls)).toBe(true);
      }),
      { numRuns: 200, interruptAfterTimeLimit: 30_000 },
    );
    expect(calls.length).toBeGreaterThan(0);
  });

  it('answers random paths, methods and Host headers with a status line', async () => {
    const token = fc.stringMatching(/^[\x21-\x7e]{0,40}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'OPTIONS'),
        token,
        token,
        async (method, path, host) => {
          const status = await rawHttp(
            server.port,
            `${method} /${path} HTTP/1.1\r\nHost: ${host || `127.0.0.1:${server.port}`}\r\nContent-Length: 0\r\n\r\n`,
          );
          expect(status).toMatch(/^HTTP\/1\.1 \d{3} /);
        },
      ),
      { numRuns: 150, interruptAfterTimeLimit: 30_000 },
    );
    const still = await request(socket, { id: 1, name: 'appInfo', payload: {} });
    expect(still.result.ok).toBe(true);
  });
});
