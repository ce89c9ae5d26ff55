// Serves the renderer and the contract over loopback HTTP + WebSocket, guarded by a per-run token.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Emit, Handlers } from '../../contract';
import { defaultSocketLimits, sendTo, serveSocket, type SocketLimits } from './bridge-socket';
import { hostAllowed, originAllowed } from './http-guard';
import { handleLaunch, launchPath } from './launch';
import { createLaunchCodes, newSecret, secretMatches } from './secrets';
import { listWizardFiles, securityHeaders, sendFile } from './static-files';

export type { ClientMessage, ServerMessage } from './bridge-socket';

export interface BridgeLimits extends SocketLimits {
  /** Browser tabs (sockets) at once. */
  connections: number;
  /** Requests running at once over all sockets. */
  inFlight: number;
}

export interface BridgeServerOptions {
  /** Builds the handlers once the server can emit events; `signal` aborts when the server closes. */
  createHandlers: (emit: Emit, signal: AbortSignal) => Handlers;
  /** Folder with the built renderer; omit to serve the bridge only. */
  staticDir?: string;
  port?: number;
  /** How long the address in `url` works if nobody opens it (default: an hour). */
  launchLifetimeMs?: number;
  /** Where internal failures are written in full; default: stderr. Clients never see them. */
  report?: (line: string) => void;
  limits?: Partial<BridgeLimits>;
}

export interface BridgeServer {
  /** Open this in a browser, once: it carries a one-time launch code, never the token. */
  url: string;
  /** Another one-time launch address, good for `lifetimeMs` (the one `serve --open` hands a browser). */
  launchUrl(lifetimeMs: number): string;
  port: number;
  /** The session token (in-process callers and tests); the browser gets it by trading a code. */
  token: string;
  emit: Emit;
  close(): Promise<void>;
}

const defaultLimits: BridgeLimits = { ...defaultSocketLimits, connections: 8, inFlight: 64 };
const hour = 60 * 60 * 1000;

export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const token = newSecret();
  const codes = createLaunchCodes();
  const limits = { ...defaultLimits, ...options.limits };
  const report = options.report ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const routes = listWizardFiles(options.staticDir);
  const sockets = new Set<WebSocket>();
  const emit: Emit = (event, payload) => {
    for (const socket of sockets) sendTo(socket, { event, payload }, limits);
  };
  const lifetime = new AbortController();
  const handlers = options.createHandlers(emit, lifetime.signal);
  let running = 0;
  let port = 0;

  const onRequest = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!hostAllowed(request.headers, port)) {
      request.resume();
      response.writeHead(403, securityHeaders).end();
      return;
    }
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path === launchPath) return handleLaunch(request, response, { port, token, codes });
    request.resume();
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...securityHeaders, Allow: 'GET, HEAD' }).end();
      return;
    }
    await sendFile(routes.get(path), request.method === 'HEAD', response);
  };

  const http = createServer((request, response) => {
    onRequest(request, response).catch((thrown: unknown) => {
      report(`bridge http: ${thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)}`);
      if (!response.headersSent) response.writeHead(500, securityHeaders).end();
      else response.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const refuse = (status: string): void =>
      void socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    const [path, query = ''] = (request.url ?? '').split('?', 2);
    const allowed =
      hostAllowed(request.headers, port) &&
      originAllowed(request.headers, port) &&
      path === '/bridge' &&
      secretMatches(new URLSearchParams(query).get('token'), token);
    if (!allowed) return refuse('403 Forbidden');
    if (sockets.size >= limits.connections) return refuse('503 Service Unavailable');
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      serveSocket(ws, {
        handlers,
        limits,
        report,
        reserve: () => running < limits.inFlight && ++running > 0,
        release: () => void running--,
      });
    });
  };
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      onUpgrade(request, socket, head);
    } catch (thrown) {
      report(`bridge upgrade: ${String(thrown)}`);
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  http.on('error', (error) => report(`bridge server: ${error.message}`));
  const address = http.address();
  port = typeof address === 'object' && address ? address.port : 0;
  const launchUrl = (lifetimeMs: number) => `http://127.0.0.1:${port}/#code=${codes.issue(lifetimeMs)}`;

  return {
    url: launchUrl(options.launchLifetimeMs ?? hour),
    launchUrl,
    port,
    token,
    emit,
    close: async () => {
      lifetime.abort();
      for (const socket of sockets) socket.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
