// Tests: talks to a bridge server the way browsers and hostile local processes do (raw HTTP, WebSocket).

import { connect } from 'node:net';
import { WebSocket } from 'ws';
import {
  appError,
  fail,
  invokeNames,
  invokeRequests,
  ok,
  type Handlers,
  type InvokeName,
} from '../../../contract';

/** Sends `request` byte for byte and resolves with the status line (or '' if the server hung up). */
export function rawHttp(port: number, request: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('connect', () => socket.write(request));
    socket.on('data', (data) => {
      received += data.toString('latin1');
      if (received.includes('\r\n')) socket.destroy();
    });
    socket.on('error', () => resolve(received.split('\r\n')[0] ?? ''));
    socket.on('close', () => resolve(received.split('\r\n')[0] ?? ''));
    socket.setTimeout(5000, () => socket.destroy());
  });
}

/** Writes the start of a request and hangs up at once. */
export function cutHttp(port: number, partial: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(partial);
      setTimeout(() => socket.destroy(), 50);
    });
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
  });
}

export const originOf = (port: number): string => `http://127.0.0.1:${port}`;

/** POSTs a launch code the way the page does; resolves with the status and the answer. */
export async function tradeCode(
  port: number,
  code: unknown,
  headers: Record<string, string> = { origin: originOf(port) },
): Promise<{ status: number; body: { token?: string; refused?: string } }> {
  const response = await fetch(`http://127.0.0.1:${port}/launch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ code }),
  });
  return { status: response.status, body: (await response.json()) as { token?: string } };
}

/** The code in a launch address `http://127.0.0.1:P/#code=C`. */
export const codeOf = (url: string): string =>
  new URLSearchParams(new URL(url).hash.slice(1)).get('code') ?? '';

/** An open bridge socket, or the handshake's error. */
export function openSocket(
  port: number,
  token: string,
  headers: { origin?: string; host?: string } = { origin: originOf(port) },
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/bridge?token=${encodeURIComponent(token)}`, {
      ...(headers.origin ? { origin: headers.origin } : {}),
      ...(headers.host ? { headers: { host: headers.host } } : {}),
    });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends one message and waits for the answer with its id (any answer, for a raw string). */
/** An answer as a test reads it: `result.ok`, `result.error.code`. */
export interface Answer {
  id: unknown;
  result: { ok: boolean; error?: { code: string; detail: string; cause?: string } };
}

export function request(socket: WebSocket, message: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const wanted = (message as { id?: unknown } | null)?.id;
    const onMessage = (data: Buffer) => {
      const answer = JSON.parse(data.toString()) as Answer;
      if (!('result' in answer)) return;
      if (wanted === undefined || answer.id === wanted || answer.id === null) {
        socket.off('message', onMessage);
        resolve(answer);
      }
    };
    socket.on('message', onMessage);
    socket.once('close', () => reject(new Error('closed')));
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

export interface RecordedCall {
  name: InvokeName;
  payload: unknown;
}

/**
 * Handlers that record what reached them and answer ok; `appInfo` answers a real AppInfo. Each call is
 * recorded with whether the contract's schema accepts it, so a test can prove nothing unchecked got in.
 */
export function recordingHandlers(calls: RecordedCall[], slow?: Promise<void>): Handlers {
  const entries = invokeNames.map((name) => [
    name,
    async (payload: unknown) => {
      calls.push({ name, payload });
      if (slow) await slow;
      if (name === 'appInfo')
        return ok({
          name: 't',
          version: '0',
          platform: 'linux',
          arch: 'x64',
          shell: 'browser',
          capabilities: { compose: false, boot: false, roots: false, write: false },
          rootsDir: '/tmp/roots',
        });
      return name === 'rootCancel' ? fail(appError('E_NOT_AVAILABLE', 'recorded')) : ok({});
    },
  ]);
  return Object.fromEntries(entries) as unknown as Handlers;
}

/** True when every recorded payload passes its operation's schema exactly as given. */
export const everyCallValid = (calls: RecordedCall[]): boolean =>
  calls.every((call) => invokeRequests[call.name].safeParse(call.payload).success);
