import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { appError, fail, invokeNames, ok, type Handlers } from '../../contract';
import { startBridgeServer, type BridgeServer } from './ws-server';

// The bridge is under test, not the engine: operations other than these two answer "not in this test".
const notInThisTest = Object.fromEntries(
  invokeNames.map((name) => [name, async () => fail(appError('E_NOT_AVAILABLE', 'not in this test'))]),
) as unknown as Handlers;

const handlers: Handlers = {
  ...notInThisTest,
  appInfo: async () =>
    ok({
      name: 't',
      version: '0',
      platform: 'linux',
      arch: 'x64',
      shell: 'browser',
      capabilities: { compose: false, boot: false, roots: false, write: false },
      rootsDir: '/tmp/roots',
    }),
  drivesList: async (request) => ok(request.includeLoop ? [] : []),
};

let server: BridgeServer | undefined;
afterEach(async () => server?.close());

function call(url: string, message: unknown, origin?: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.on('open', () => socket.send(JSON.stringify(message)));
    socket.on('message', (data) => {
      resolve(JSON.parse(data.toString()));
      socket.close();
    });
    socket.on('error', reject);
  });
}

describe('the loopback bridge', () => {
  it('answers a valid request and rejects a malformed one with E_BAD_REQUEST', async () => {
    server = await startBridgeServer({ createHandlers: () => handlers });
    const url = `ws://127.0.0.1:${server.port}/bridge?token=${server.token}`;
    expect(await call(url, { id: 1, name: 'appInfo', payload: {} })).toMatchObject({
      id: 1,
      result: { ok: true },
    });
    expect(await call(url, { id: 2, name: 'drivesList', payload: { includeLoop: 'yes' } })).toMatchObject({
      id: 2,
      result: { ok: false, error: { code: 'E_BAD_REQUEST' } },
    });
    expect(await call(url, { id: 3, name: 'rmRf', payload: {} })).toMatchObject({
      result: { ok: false, error: { code: 'E_BAD_REQUEST' } },
    });
  });

  it('refuses a connection without the token or from another origin', async () => {
    server = await startBridgeServer({ createHandlers: () => handlers });
    await expect(call(`ws://127.0.0.1:${server.port}/bridge?token=nope`, {})).rejects.toThrow(/403/);
    await expect(
      call(`ws://127.0.0.1:${server.port}/bridge?token=${server.token}`, {}, 'http://evil.example'),
    ).rejects.toThrow(/403/);
  });

  it('listens on loopback only', async () => {
    server = await startBridgeServer({ createHandlers: () => handlers });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);
  });
});
