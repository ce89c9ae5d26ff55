// The download client against a raw TCP server that sends hand-made responses, a few bytes at a time.

import net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { get } from './http1';

let server: net.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Serves `response` to each connection in pieces of `piece` bytes, then ends (or keeps it open). */
async function serve(response: string | Buffer, piece = 3, keepOpen = false): Promise<string> {
  const bytes = Buffer.from(response);
  server = net.createServer((socket) => {
    socket.once('data', async () => {
      for (let at = 0; at < bytes.length; at += piece) {
        socket.write(bytes.subarray(at, at + piece));
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (!keepOpen) socket.end();
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server?.address() as net.AddressInfo).port}/file`;
}

async function bodyOf(url: string): Promise<{ status: number; text: string; length: number }> {
  const res = await get(url);
  const parts: Buffer[] = [];
  const length = await res.body({ data: (bytes) => void parts.push(Buffer.from(bytes)) });
  return { status: res.status, text: Buffer.concat(parts).toString(), length };
}

it('reads a chunked body split anywhere, with extensions and trailers', async () => {
  const url = await serve(
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\nx-a: 2\r\n\r\n' +
      '5;name=value\r\nhello\r\n1\r\n \r\nA\r\nsourcery!!\r\n0\r\nX-Trailer: yes\r\n\r\n',
  );
  const res = await get(url);
  expect(res.headers['x-a']).toBe('1, 2');
  const parts: string[] = [];
  expect(await res.body({ data: (b) => void parts.push(Buffer.from(b).toString()) })).toBe(16);
  expect(parts.join('')).toBe('hello sourcery!!');
});

it('reads a body that ends with the connection when there is no length', async () => {
  const url = await serve('HTTP/1.0 200 OK\r\n\r\nuntil the end', 4);
  expect(await bodyOf(url)).toEqual({ status: 200, text: 'until the end', length: 13 });
});

it('waits for a handler that asks to, and keeps the order of the bytes', async () => {
  const text = 'abcdefghijklmnopqrstuvwxyz'.repeat(200);
  const url = await serve(`HTTP/1.1 200 OK\r\nContent-Length: ${text.length}\r\n\r\n${text}`, 700);
  const res = await get(url);
  let seen = '';
  await res.body({
    data: (b) => {
      seen += Buffer.from(b).toString();
      return new Promise((resolve) => setTimeout(resolve, 2));
    },
  });
  expect(seen).toBe(text);
});

it('says how many bytes came when the connection closes early', async () => {
  const url = await serve('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this');
  await expect(bodyOf(url)).rejects.toThrow(/closed after 9 bytes of the body/);
});

it('refuses a malformed chunk size and a response that is not HTTP', async () => {
  const bad = await serve('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnope\r\n0\r\n\r\n');
  await expect(bodyOf(bad)).rejects.toThrow(/bad chunk size/);
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  const notHttp = await serve('SSH-2.0-OpenSSH_9.2\r\n\r\n');
  await expect(get(notHttp)).rejects.toThrow(/not an HTTP\/1.1 response/);
});

it('stops when its signal aborts, mid-body', async () => {
  const url = await serve('HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\nstart', 100, true);
  const controller = new AbortController();
  const res = await get(url, { signal: controller.signal });
  const reading = res.body({ data: () => controller.abort() });
  await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
});
