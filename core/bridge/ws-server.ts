// Serves the renderer and the contract over loopback HTTP + WebSocket, guarded by a per-run token.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Emit, EventName, Handlers } from '../../contract';
import { dispatch } from './dispatch';

export interface BridgeServerOptions {
  /** Builds the handlers once the server can emit events; `signal` aborts when the server closes. */
  createHandlers: (emit: Emit, signal: AbortSignal) => Handlers;
  /** Folder with the built renderer; omit to serve the bridge only. */
  staticDir?: string;
  port?: number;
}

export interface BridgeServer {
  /** Open this in a browser: the token travels in the fragment, never to a server log. */
  url: string;
  port: number;
  token: string;
  emit: Emit;
  close(): Promise<void>;
}

/** Messages on the wire. */
export type ClientMessage = { id: number; name: string; payload: unknown };
export type ServerMessage = { id: number; result: unknown } | { event: EventName; payload: unknown };

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:*; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const token = randomBytes(24).toString('base64url');
  const sockets = new Set<WebSocket>();
  const emit: Emit = (event, payload) => {
    const message = JSON.stringify({ event, payload } satisfies ServerMessage);
    for (const socket of sockets) socket.send(message);
  };
  const lifetime = new AbortController();
  const handlers = options.createHandlers(emit, lifetime.signal);

  const http = createServer((request, response) => void serveStatic(options.staticDir, request, response));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  let origin = '';

  http.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const allowedOrigin = request.headers.origin === undefined || request.headers.origin === origin;
    if (url.pathname !== '/bridge' || !allowedOrigin || !tokenMatches(url.searchParams.get('token'), token)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (raw) => void answer(handlers, ws, raw.toString()));
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#token=${token}`,
    port,
    token,
    emit,
    close: async () => {
      lifetime.abort();
      for (const socket of sockets) socket.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function tokenMatches(given: string | null, token: string): boolean {
  if (given === null || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

async function answer(handlers: Handlers, ws: WebSocket, raw: string): Promise<void> {
  let message: Partial<ClientMessage>;
  try {
    message = JSON.parse(raw) as Partial<ClientMessage>;
  } catch {
    return;
  }
  if (typeof message.id !== 'number') return;
  const result = await dispatch(handlers, message.name, message.payload);
  ws.send(JSON.stringify({ id: message.id, result } satisfies ServerMessage));
}

async function serveStatic(
  root: string | undefined,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
  const relative = normalize(pathname === '/' ? '/index.html' : pathname);
  if (!root || request.method !== 'GET' || relative.split(sep).includes('..')) {
    response.writeHead(404, securityHeaders).end();
    return;
  }
  const file = join(root, relative);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    response.writeHead(404, securityHeaders).end();
    return;
  }
  response.writeHead(200, {
    ...securityHeaders,
    'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
  });
  createReadStream(file).pipe(response);
}
