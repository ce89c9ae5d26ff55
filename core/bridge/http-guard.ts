// Which Host and Origin headers the loopback server answers: its own address only (DNS rebinding).

import type { IncomingHttpHeaders } from 'node:http';

/** The origins the wizard can be served from on `port`. */
export const servedOrigins = (port: number): string[] => [
  `http://127.0.0.1:${port}`,
  `http://localhost:${port}`,
];

/**
 * A page on a rebinding domain (evil.example resolving to 127.0.0.1) sends `Host: evil.example:PORT`;
 * only our own names pass. The check is exact, so `127.0.0.1:PORT.evil.example` fails too.
 */
export function hostAllowed(headers: IncomingHttpHeaders, port: number): boolean {
  const host = headers.host?.toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Browsers always send Origin on WebSocket handshakes and POSTs; a request without one is refused. */
export function originAllowed(headers: IncomingHttpHeaders, port: number): boolean {
  const origin = headers.origin;
  return typeof origin === 'string' && servedOrigins(port).includes(origin);
}
