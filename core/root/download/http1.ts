// A GET over HTTP/1.1 (plain or TLS) that hands the body to the caller as it arrives, one socket read
// at a time: the download path, where Node's http client cost more than hashing and writing together.

import net from 'node:net';
import tls from 'node:tls';

/*
 * Why not node:http: on loopback it received at about 500 MB/s, its parser and stream machinery
 * taking most of a core, against 1.3-1.9 GB/s for a socket reading into a buffer we own (`onread`).
 * A download only needs a small part of HTTP: one GET, `Connection: close`, and a body framed by
 * Content-Length, chunked encoding or the end of the connection. Redirects, Range and retries are
 * the caller's (http-download.ts). Certificates are checked by node:tls as for node:https (the
 * system's CAs plus NODE_EXTRA_CA_CERTS). No proxies, like node:http.
 */

export interface Head {
  status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
}

export interface BodyHandler {
  /**
   * Bytes of the body, valid only during the call (the read buffer is reused). Return a promise to
   * pause reading until it settles.
   */
  data(bytes: Uint8Array): void | Promise<void>;
  /**
   * Optional: memory to read the next body bytes straight into, or undefined for none now. Offered
   * for bodies framed by length or by the connection's end, on plain sockets (TLS decrypts into its
   * own). `data` then gets a view of that memory: bytes already in place need no copy.
   */
  space?(): Uint8Array | undefined;
}

export interface GetOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Extra trusted certificates (PEM), for servers with a private CA. */
  ca?: string | Buffer;
  /** A connection that brings nothing for this long is dropped as broken (default 60 s). */
  idleTimeoutMs?: number;
}

export interface Response extends Head {
  /**
   * Reads the body into `handler`; resolves with the body's length once it is complete. A connection
   * that closes early rejects, saying how many bytes came; so does a malformed body.
   */
  body(handler: BodyHandler): Promise<number>;
  /** Drops the connection (for answers whose body is not wanted). */
  discard(): void;
}

const readSize = 1 << 20;
const maxHead = 64 * 1024;

class BodyError extends Error {}

/** A copy of bytes that live in a reused read buffer (a Buffer's slice() would be a view of it). */
const copyOf = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes);

/** Parses a response head (status line and headers, without the blank line). */
function parseHead(text: string): Head {
  const [statusLine = '', ...lines] = text.split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!match) throw new BodyError(`not an HTTP/1.1 response: ${JSON.stringify(statusLine.slice(0, 80))}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { status: Number(match[1]), headers };
}

/** Turns the bytes after the head into body bytes: by length, by chunks, or until the end. */
interface Framing {
  /** Feeds received bytes; calls `emit` with body bytes; returns true once the body is complete. */
  feed(bytes: Uint8Array, emit: (body: Uint8Array) => void): boolean;
  /** True when the connection ending now means the body is complete. */
  endOk(): boolean;
  /** True when body bytes arrive unframed, so they can be read in place. */
  plain?: boolean;
}

function lengthFraming(length: number): Framing {
  let left = length;
  return {
    feed(bytes, emit) {
      const take = Math.min(left, bytes.length);
      if (take > 0) emit(bytes.subarray(0, take));
      left -= take;
      return left === 0;
    },
    endOk: () => left === 0,
    plain: true,
  };
}

const untilClose: Framing = {
  feed(bytes, emit) {
    if (bytes.length > 0) emit(bytes);
    return false;
  },
  endOk: () => true,
  plain: true,
};

/** Chunked transfer coding (RFC 9112 section 7.1): size lines, data, CRLFs, trailers. */
function chunkedFraming(): Framing {
  let state: 'size' | 'data' | 'data-end' | 'trailer' | 'done' = 'size';
  let line = '';
  let left = 0;
  return {
    feed(bytes, emit) {
      let at = 0;
      while (at < bytes.length && state !== 'done') {
        if (state === 'data') {
          const take = Math.min(left, bytes.length - at);
          emit(bytes.subarray(at, at + take));
          at += take;
          left -= take;
          if (left === 0) state = 'data-end';
          continue;
        }
        // Line-oriented states: collect up to LF.
        const lf = bytes.indexOf(10, at);
        const end = lf < 0 ? bytes.length : lf;
        line += Buffer.from(bytes.buffer, bytes.byteOffset + at, end - at).toString('latin1');
        if (line.length > 4096) throw new BodyError('a chunk-size line of the chunked body is too long');
        at = end;
        if (lf < 0) break;
        at += 1;
        const text = line.replace(/\r$/, '');
        line = '';
        if (state === 'size') {
          const size = /^([0-9a-fA-F]+)/.exec(text)?.[1];
          if (size === undefined) throw new BodyError(`bad chunk size ${JSON.stringify(text.slice(0, 40))}`);
          left = parseInt(size, 16);
          state = left === 0 ? 'trailer' : 'data';
        } else if (state === 'data-end') {
          if (text !== '') throw new BodyError('a chunk of the chunked body does not end with CRLF');
          state = 'size';
        } else if (text === '') {
          state = 'done';
        }
      }
      return state === 'done';
    },
    endOk: () => state === 'done',
  };
}

function framingOf(head: Head): Framing {
  if (/\bchunked\b/i.test(head.headers['transfer-encoding'] ?? '')) return chunkedFraming();
  if (head.status === 204 || head.status === 304) return lengthFraming(0);
  const length = head.headers['content-length'];
  if (length !== undefined) {
    if (!/^\d+$/.test(length)) throw new BodyError(`bad Content-Length ${JSON.stringify(length)}`);
    return lengthFraming(Number(length));
  }
  return untilClose;
}

/** Sends a GET for `url` and resolves with the response head; the body is read with `body()`. */
export function get(url: string, options: GetOptions = {}): Promise<Response> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  if (!secure && target.protocol !== 'http:')
    return Promise.reject(new Error(`${url}: only http and https URLs can be downloaded`));
  if (options.signal?.aborted) return Promise.reject(options.signal.reason as Error);
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1'); // IPv6 literals come bracketed
  const port = Number(target.port || (secure ? 443 : 80));
  const request =
    `GET ${target.pathname}${target.search} HTTP/1.1\r\n` +
    `Host: ${target.host}\r\n` +
    'User-Agent: sourcery-flasher\r\n' +
    'Accept-Encoding: identity\r\n' +
    'Connection: close\r\n' +
    Object.entries(options.headers ?? {})
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('') +
    '\r\n';

  // Everything the socket delivers goes through `onBytes`, which the current phase sets.
  let onBytes: (bytes: Uint8Array) => void = () => undefined;
  let onEnd: (error?: Error) => void = () => undefined;
  const buffer = Buffer.allocUnsafe(readSize);
  /** Where the body handler wants the next read, when it can take one in place. */
  let space: (() => Uint8Array | undefined) | undefined;
  // The callback gets the buffer the bytes are in: ours (or the handler's) for plain sockets; TLS
  // may hand its own.
  const onread = {
    buffer: () => space?.() ?? buffer,
    callback: (length: number, into: Uint8Array) => (onBytes(into.subarray(0, length)), true),
  };
  const socket: net.Socket = secure
    ? tls.connect({
        host,
        port,
        servername: net.isIP(host) ? undefined : host,
        ALPNProtocols: ['http/1.1'],
        ...(options.ca ? { ca: [...tls.rootCertificates, options.ca.toString()] } : {}),
        onread,
      } as tls.ConnectionOptions)
    : net.connect({ host, port, onread });
  const idle = options.idleTimeoutMs ?? 60_000;
  socket.setTimeout(idle, () =>
    socket.destroy(
      new Error(
        `the server sent nothing for ${idle >= 1000 ? `${Math.round(idle / 1000)} s` : `${idle} ms`}`,
      ),
    ),
  );
  const abort = (): void => void socket.destroy(options.signal?.reason as Error);
  options.signal?.addEventListener('abort', abort, { once: true });
  let ended = false;
  let endError: Error | undefined;
  const finish = (error?: Error): void => {
    if (ended) return;
    ended = true;
    endError = error;
    options.signal?.removeEventListener('abort', abort);
    onBytes = () => undefined; // nothing counts after the end, even bytes TLS still had decrypted
    onEnd(error);
  };
  socket.on('error', (error) => finish(error));
  socket.on('close', () => finish());
  socket.once(secure ? 'secureConnect' : 'connect', () => socket.write(request));

  return new Promise<Response>((resolveHead, rejectHead) => {
    let head = Buffer.alloc(0);
    onEnd = (error) => rejectHead(error ?? new Error('the server closed the connection before answering'));
    onBytes = (bytes) => {
      head = Buffer.concat([head, bytes]);
      const blank = head.indexOf('\r\n\r\n');
      if (blank < 0) {
        if (head.length > maxHead) socket.destroy(new BodyError('the response head is over 64 KiB'));
        return;
      }
      let parsed: Head;
      let framing: Framing;
      try {
        parsed = parseHead(head.subarray(0, blank).toString('latin1'));
        framing = framingOf(parsed);
      } catch (error) {
        socket.destroy(error as Error);
        return;
      }
      // Bytes after the head wait here until the caller asks for the body. Pausing a TLS socket
      // does not stop at once (records already decrypted still arrive), so they are kept, not lost.
      const queued: Uint8Array[] = [head.subarray(blank + 4)];
      socket.pause();
      onBytes = (bytes) => void queued.push(copyOf(bytes));
      onEnd = () => undefined;
      resolveHead({
        ...parsed,
        discard: () => void socket.destroy(),
        body: (handler) =>
          new Promise<number>((resolve, reject) => {
            let received = 0;
            let complete = false;
            let failed = false;
            /** Set while the handler works on earlier bytes; later bytes queue behind it, in order. */
            let busy: Promise<void> | undefined;
            const emit = (body: Uint8Array): void => {
              received += body.length;
              if (busy) {
                const copy = copyOf(body);
                busy = busy.then(() => handler.data(copy));
              } else busy = handler.data(body) ?? undefined;
            };
            const fail = (error: unknown): void => {
              failed = true;
              socket.destroy();
              reject(error);
            };
            const settle = (): void => {
              if (failed || busy || queued.length > 0) return;
              if (complete) return resolve(received);
              if (!ended) return void socket.resume();
              if (endError) return fail(endError);
              if (framing.endOk()) resolve(received);
              else fail(new BodyError(`the connection closed after ${received} bytes of the body`));
            };
            /** Feeds queued bytes to the framing until the handler asks to wait or all are fed. */
            const drain = (): void => {
              while (!failed && !busy && !complete && queued.length > 0) {
                try {
                  complete = framing.feed(queued.shift() as Uint8Array, emit);
                } catch (error) {
                  return fail(error);
                }
              }
              if (complete) {
                queued.length = 0;
                socket.destroy();
              }
              if (busy) {
                socket.pause();
                busy.then(() => {
                  busy = undefined;
                  drain();
                }, fail);
                return;
              }
              settle();
            };
            onBytes = (bytes) => {
              queued.push(busy || queued.length > 0 ? copyOf(bytes) : bytes);
              drain();
            };
            onEnd = () => drain();
            if (framing.plain && handler.space)
              space = () => (busy || queued.length > 0 || complete ? undefined : handler.space?.());
            drain();
          }),
      });
    };
  });
}
