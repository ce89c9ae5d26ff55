// A real HTTP(S) server on 127.0.0.1 for download tests: it can drop connections, ignore Range,
// redirect and send chunked bodies.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  body: Buffer;
  /** Drop the connection after this many bytes, for the first `drops` requests. */
  dropAfter?: number;
  drops?: number;
  /** With `dropAfter`: go silent instead of dropping (the connection stays open, nothing comes). */
  stall?: boolean;
  /** Answer every request with the whole file (status 200), as servers without Range support do. */
  ignoreRange?: boolean;
  /** Answer with this status and no body, for the first `failures` requests. */
  failStatus?: number;
  failures?: number;
  /** Answer 302 with this Location instead of the file. */
  redirectTo?: string;
  /** Send the body with chunked transfer coding (no Content-Length), in pieces of this size. */
  chunkSize?: number;
}

export interface ServerOptions {
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
}

export interface FileServer {
  url: (path: string) => string;
  /** Every request's Range header ("" when none), in order. */
  ranges: string[];
  close: () => Promise<void>;
}

export async function startFileServer(
  files: Record<string, ServedFile>,
  options: ServerOptions = {},
): Promise<FileServer> {
  const ranges: string[] = [];
  const counts = new Map<string, number>();
  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    ranges.push(req.headers.range ?? '');
    const file = files[req.url ?? ''];
    if (!file) return void res.writeHead(404).end();
    if (file.redirectTo) return void res.writeHead(302, { Location: file.redirectTo }).end();
    const count = (counts.get(req.url ?? '') ?? 0) + 1;
    counts.set(req.url ?? '', count);
    if (file.failStatus && count <= (file.failures ?? 1)) return void res.writeHead(file.failStatus).end();
    const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = match && !file.ignoreRange ? Number(match[1]) : 0;
    if (start > file.body.length) {
      return void res.writeHead(416, { 'Content-Range': `bytes */${file.body.length}` }).end();
    }
    const headers: Record<string, string | number> = file.chunkSize
      ? {}
      : { 'Content-Length': file.body.length - start };
    if (match && !file.ignoreRange)
      headers['Content-Range'] = `bytes ${start}-${file.body.length - 1}/${file.body.length}`;
    res.writeHead(match && !file.ignoreRange ? 206 : 200, headers);
    const body = file.body.subarray(start);
    if (file.dropAfter !== undefined && count <= (file.drops ?? 1)) {
      // Send part of the body, then cut the socket as a flaky network would.
      res.write(body.subarray(0, file.dropAfter), () => (file.stall ? undefined : res.destroy()));
      return;
    }
    if (file.chunkSize) {
      for (let at = 0; at < body.length; at += file.chunkSize)
        res.write(body.subarray(at, at + file.chunkSize));
      return void res.end();
    }
    res.end(body);
  };
  const server: Server = options.tls ? createTlsServer(options.tls, serve) : createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}${path}`,
    ranges,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
