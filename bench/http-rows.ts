// The HTTP client row: http1.ts vs undici through the same download path (batches, SHA-256 thread,
// file), each against `curl -s URL | sha256sum`, from one local server, samples alternating.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { request } from 'undici';
import { downloadFile } from '../core/root/download/http-download';
import type { get } from '../core/root/download/http1';
import { median, pairedAdvantage, type BenchRow } from './table';

type Get = typeof get;
type Head = Awaited<ReturnType<Get>>['headers'];

const joined = (headers: Record<string, string | string[] | undefined>): Head =>
  Object.fromEntries(
    Object.entries(headers)
      .filter((entry): entry is [string, string | string[]] => entry[1] !== undefined)
      .map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value]),
  );

/** undici's own API (`undici.request`; a dev dependency, for this bench only). */
const undiciGet: Get = async (url, options = {}) => {
  const res = await request(url, {
    headers: { 'accept-encoding': 'identity', ...options.headers },
    ...(options.signal ? { signal: options.signal } : {}),
    bodyTimeout: options.idleTimeoutMs ?? 60_000,
  });
  return {
    status: res.statusCode,
    headers: joined(res.headers),
    discard: () => void res.body.destroy(),
    // 'data' events, paused while the handler waits: undici's fastest way to hand over a body.
    body: (handler) =>
      new Promise<number>((resolve, reject) => {
        let length = 0;
        res.body.on('data', (chunk: Buffer) => {
          length += chunk.length;
          const wait = handler.data(chunk);
          if (wait) {
            res.body.pause();
            wait.then(
              () => res.body.resume(),
              (error: unknown) => res.body.destroy(error as Error),
            );
          }
        });
        res.body.once('end', () => resolve(length));
        res.body.once('error', reject);
      }),
  };
};

/** Node's built-in fetch (the undici bundled in Node), read with the body's reader. */
const fetchGet: Get = async (url, options = {}) => {
  const res = await fetch(url, {
    redirect: 'manual',
    headers: { 'accept-encoding': 'identity', ...options.headers },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => (headers[name] = value));
  return {
    status: res.status,
    headers,
    discard: () => void res.body?.cancel().catch(() => undefined),
    body: async (handler) => {
      let length = 0;
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return length;
        length += value.length;
        await handler.data(value);
      }
    },
  };
};

/** busybox httpd (sendfile, next to no CPU, like a remote server) when present, else (or with
 * HTTP_BENCH_SERVER=node) a Node http server. */
async function startServer(file: string): Promise<{ name: string; url: string; stop: () => void }> {
  const busybox =
    process.env.HTTP_BENCH_SERVER !== 'node' && !spawnSync('busybox', ['httpd', '--help']).error;
  if (busybox) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const server = spawn('busybox', ['httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', dirname(file)], {
      stdio: 'ignore',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    return {
      name: 'busybox httpd',
      url: `http://127.0.0.1:${port}/${basename(file)}`,
      stop: () => server.kill(),
    };
  }
  const code = `const http=require('http'),fs=require('fs');const f=${JSON.stringify(file)};const size=fs.statSync(f).size;
http.createServer((q,s)=>{s.writeHead(200,{'Content-Length':size});fs.createReadStream(f,{highWaterMark:1<<20}).pipe(s)}).listen(0,'127.0.0.1',function(){console.log(this.address().port)})`;
  const server = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) =>
    server.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  return { name: 'Node http server', url: `http://127.0.0.1:${port}/root.tar`, stop: () => server.kill() };
}

const load = () => execFileSync('cat', ['/proc/loadavg']).toString().split(' ').slice(0, 3).join(' ');

/** Rows for http1.ts, undici.request and fetch, each as MB/s against curl | sha256sum (pairs). */
export async function httpRows(
  scratch: string,
  rounds = Number(process.env.HTTP_BENCH_ROUNDS ?? 7),
): Promise<BenchRow[]> {
  const size = Number(process.env.HTTP_BENCH_MB ?? 384) * 1024 * 1024;
  const served = join(scratch, 'http-www');
  mkdirSync(served, { recursive: true });
  const source = join(served, 'root.tar');
  writeFileSync(source, randomBytes(size));
  const out = join(scratch, 'http.out');
  const server = await startServer(source);
  const loadBefore = load();
  const clients: Array<{ name: string; get?: Get }> = [
    { name: 'http1.ts (ours)' },
    { name: 'undici.request 7 (package)', get: undiciGet },
    {
      name: `fetch body reader (Node ${process.versions.node}, undici ${process.versions.undici})`,
      get: fetchGet,
    },
  ];
  const curl: number[] = [];
  const times = clients.map(() => [] as number[]);
  const expected = execFileSync('sha256sum', [source]).toString().split(' ')[0];
  try {
    for (let round = 0; round < rounds; round++) {
      // Each round runs curl and every client once, starting one further along each round.
      const order = [-1, ...clients.keys()];
      const shift = round % order.length;
      for (const which of [...order.slice(shift), ...order.slice(0, shift)]) {
        const start = performance.now();
        if (which < 0) execFileSync('sh', ['-c', `curl -s ${server.url} | sha256sum`]);
        else {
          rmSync(out, { force: true });
          const client = clients[which]?.get;
          const got = await downloadFile({ url: server.url, file: out, ...(client ? { get: client } : {}) });
          if (got.sha256 !== expected) throw new Error(`${clients[which]?.name}: wrong SHA-256`);
        }
        (which < 0 ? curl : (times[which] ?? [])).push((performance.now() - start) / 1000);
      }
    }
  } finally {
    server.stop();
    rmSync(out, { force: true });
    rmSync(served, { recursive: true, force: true });
  }
  const mb = size / 1e6;
  const list = (samples: number[]) => samples.map((t) => (mb / t).toFixed(0)).join(' ');
  process.stdout.write(`bench http: MB/s per round: curl | sha256sum ${list(curl)}\n`);
  clients.forEach((client, i) =>
    process.stdout.write(`bench http: ${client.name} ${list(times[i] ?? [])}\n`),
  );
  const ours = median(times[0] ?? []);
  const note = (i: number) =>
    `writes the file and hashes (SHA-256 thread, shared batches); ${rounds} rounds, order rotated; ` +
    `load ${loadBefore} -> ${load()}` +
    (i > 0
      ? `; vs http1.ts ${(ours / median(times[i] ?? [])).toFixed(2)}x by medians, ${pairedAdvantage(times[0] ?? [], times[i] ?? []).toFixed(2)}x by rounds`
      : '');
  return clients.map((client, i) => ({
    what: `HTTP client ${client.name}: ${size / 1024 ** 2} MiB from ${server.name} on 127.0.0.1`,
    baseline: 'curl -s URL \\| sha256sum',
    baselineValue: mb / median(curl),
    ours: mb / median(times[i] ?? []),
    unit: 'MB/s',
    higherIsBetter: true,
    pairAdvantage: pairedAdvantage(curl, times[i] ?? []),
    note: note(i),
  }));
}
