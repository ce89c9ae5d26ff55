// L8: internal failures reach clients as a reference only; oversized and flooding requests are answered, not run.

import { afterEach, describe, expect, it } from 'vitest';
import { invokeNames, type Handlers } from '../../contract';
import { startBridgeServer, type BridgeServer } from './ws-server';
import { openSocket, recordingHandlers, request, type RecordedCall } from './testing/bridge-client';

let server: BridgeServer | undefined;
afterEach(async () => server?.close());

describe('L8: no stack traces to clients, and limits on arrays and concurrent requests', () => {
  it('logs a thrown error locally and tells the client only where to find it', async () => {
    const logged: string[] = [];
    const throwing = Object.fromEntries(
      invokeNames.map((name) => [
        name,
        async () => {
          throw new Error('secret internal detail at /home/victim/.ssh');
        },
      ]),
    ) as unknown as Handlers;
    server = await startBridgeServer({ createHandlers: () => throwing, report: (line) => logged.push(line) });
    const socket = await openSocket(server.port, server.token);
    const answer = await request(socket, { id: 1, name: 'appInfo', payload: {} });
    socket.close();
    const text = JSON.stringify(answer);
    expect(answer.result.error?.code).toBe('E_INTERNAL');
    expect(text).not.toMatch(/secret internal detail|\.ssh|\s{4}at |\.ts:\d+/);
    const reference = /reference ([0-9a-f]{8})/.exec(text)?.[1];
    expect(reference).toBeDefined();
    expect(logged.join('\n')).toMatch(new RegExp(`${reference}.*secret internal detail`, 's'));
  });

  it('answers a request with 20,000 targets or nested 100,000 deep without running it', async () => {
    const calls: RecordedCall[] = [];
    server = await startBridgeServer({ createHandlers: () => recordingHandlers(calls), report: () => {} });
    const socket = await openSocket(server.port, server.token);
    const targets = Array.from({ length: 20_000 }, () => ({ device: '/dev/sdz' }));
    const flash = { jobId: 'j', tree: '/t', targets };
    expect((await request(socket, { id: 1, name: 'flashStart', payload: flash })).result.error?.code).toBe(
      'E_BAD_REQUEST',
    );
    const deep = `{"id":2,"name":"appInfo","payload":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect((await request(socket, deep)).result.error?.code).toBe('E_BAD_REQUEST');
    expect(calls).toEqual([]);
    socket.close();
  });

  it('runs at most 32 requests of one socket at once and answers the rest at once', async () => {
    const calls: RecordedCall[] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    server = await startBridgeServer({
      createHandlers: () => recordingHandlers(calls, held),
      report: () => {},
    });
    const socket = await openSocket(server.port, server.token);
    const answers = Array.from({ length: 500 }, (_, i) =>
      request(socket, { id: i + 1, name: 'appInfo', payload: {} }),
    );
    const refused = await Promise.all(answers.slice(32));
    expect(refused.every((answer) => answer.result.error?.code === 'E_BAD_REQUEST')).toBe(true);
    expect(calls.length).toBe(32);
    release();
    expect((await Promise.all(answers.slice(0, 32))).every((answer) => answer.result.ok)).toBe(true);
    socket.close();
  }, 15_000);
});
