// One WebSocket of the bridge: every message gets an answer, within limits on work and memory.

import type { WebSocket } from 'ws';
import { appError, fail, type EventName, type Handlers } from '../../contract';
import { dispatch } from './dispatch';

/** Messages on the wire. */
export type ClientMessage = { id: number; name: string; payload: unknown };
export type ServerMessage = { id: number | null; result: unknown } | { event: EventName; payload: unknown };

export interface SocketLimits {
  /** Requests one socket may have running at once. */
  inFlightPerSocket: number;
  /** Answers and events waiting to be read by a slow client before it is cut off. */
  maxBufferedBytes: number;
}

export const defaultSocketLimits: SocketLimits = {
  inFlightPerSocket: 32,
  maxBufferedBytes: 16 * 1024 * 1024,
};

export interface SocketContext {
  handlers: Handlers;
  limits: SocketLimits;
  /** Shared by every socket: false when the whole server is at its limit of running requests. */
  reserve(): boolean;
  release(): void;
  report(line: string): void;
}

/** Sends `message` if the socket is open and keeping up; a client that reads nothing is dropped. */
export function sendTo(ws: WebSocket, message: ServerMessage, limits: SocketLimits): void {
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > limits.maxBufferedBytes) {
    ws.terminate();
    return;
  }
  try {
    ws.send(JSON.stringify(message));
  } catch {
    ws.terminate();
  }
}

const busy = appError('E_BAD_REQUEST', 'Too many requests at once; this one was not run.', {
  hint: 'Wait for the earlier requests to finish, then try again.',
});

export function serveSocket(ws: WebSocket, context: SocketContext): void {
  let inFlight = 0;
  const reply = (id: number | null, result: unknown) => sendTo(ws, { id, result }, context.limits);
  ws.on('error', (error) => context.report(`bridge socket: ${error.message}`));
  ws.on('message', (raw, isBinary) => {
    let message: Partial<ClientMessage>;
    try {
      if (isBinary) throw new Error('binary');
      message = JSON.parse(raw.toString()) as Partial<ClientMessage>;
      if (typeof message !== 'object' || message === null || Array.isArray(message)) throw new Error('shape');
    } catch {
      reply(null, fail(appError('E_BAD_REQUEST', 'A message on the bridge was not a JSON request.')));
      return;
    }
    const id = Number.isSafeInteger(message.id) ? (message.id as number) : null;
    if (id === null) {
      reply(null, fail(appError('E_BAD_REQUEST', 'A request on the bridge had no numeric id.')));
      return;
    }
    if (inFlight >= context.limits.inFlightPerSocket || !context.reserve()) {
      reply(id, fail(busy));
      return;
    }
    inFlight++;
    dispatch(context.handlers, message.name, message.payload, { report: context.report })
      .then((result) => reply(id, result))
      .catch((thrown: unknown) => context.report(`bridge: ${String(thrown)}`))
      .finally(() => {
        inFlight--;
        context.release();
      });
  });
}
