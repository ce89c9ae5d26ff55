// Root figures: build time for the first architecture and each added one (vs upstream's report),
// a cached rebuild, and download throughput vs curl against the same local servers (warm and cold).

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { GoArch } from '../contract';
import { buildRoot } from '../core/root/build/build-root';
import { downloadFile } from '../core/root/download/http-download';
import { makeTinyRepo } from '../core/root/testing/tiny-repo';
import { median, pairedAdvantage, type Bench, type BenchRow } from './table';
import { channelRows } from './channel-rows';
import { httpRows } from './http-rows';
import { kernels, uRootRows } from './u-root-rows';

const scratch = mkdtempSync(join(tmpdir(), 'root-bench-'));
const isRoot = process.getuid?.() === 0;
const dropCaches = () => execFileSync('sh', ['-c', 'sync; echo 3 > /proc/sys/vm/drop_caches']);
const seconds = (start: number) => (performance.now() - start) / 1000;

/** Builds with a fresh cache (Go's build cache too), so nothing is reused from earlier runs. */
async function timedBuild(out: string, archs: GoArch[], cacheDir: string, repo: string): Promise<number> {
  const start = performance.now();
  const result = await buildRoot({ out, archs, sources: [{ repo }], cacheDir });
  if (!result.ok) throw new Error(`${result.error.detail}\n${result.error.cause ?? ''}`);
  return seconds(start);
}

async function buildRows(): Promise<BenchRow[]> {
  const repo = join(scratch, 'tiny');
  await makeTinyRepo(repo);
  const cacheDir = join(scratch, 'cache');
  const out = join(scratch, 'root');
  const first = await timedBuild(out, ['amd64'], cacheDir, repo);
  const second = await timedBuild(out, ['amd64', 'arm64'], cacheDir, repo);
  const third = await timedBuild(out, ['amd64', 'arm64', 'riscv64'], cacheDir, repo);
  const cached: number[] = [];
  for (let i = 0; i < 3; i++)
    cached.push(await timedBuild(out, ['amd64', 'arm64', 'riscv64'], cacheDir, repo));
  return [
    {
      what: 'build, first architecture (amd64), cold cache',
      baseline: 'upstream report',
      baselineValue: 240,
      ours: first,
      unit: 's',
      higherIsBetter: false,
      note: 'upstream: "under 4 minutes"',
    },
    {
      what: 'build, adding arm64 (amd64 cached)',
      baseline: 'upstream report',
      baselineValue: 90,
      ours: second,
      unit: 's',
      higherIsBetter: false,
      note: 'upstream: ~90 s per extra arch',
    },
    {
      what: 'build, adding riscv64 (two cached)',
      baseline: 'upstream report',
      baselineValue: 90,
      ours: third,
      unit: 's',
      higherIsBetter: false,
    },
    {
      what: 'rebuild, 3 archs, nothing changed',
      baseline: 'target',
      baselineValue: 5,
      ours: median(cached),
      unit: 's',
      higherIsBetter: false,
      note: `median of 3; first build of the same took ${(first + second + third).toFixed(0)} s in steps`,
    },
  ];
}

/**
 * The local servers both clients download from, each in its own process. busybox's httpd sends the
 * file with sendfile and costs almost no CPU, as a remote server costs this machine none; the Node
 * server takes most of a core, which on two cores the clients then lack.
 */
async function startServers(file: string): Promise<Array<{ name: string; url: string; stop: () => void }>> {
  const servers = [];
  const code = `const http=require('http'),fs=require('fs');const f=${JSON.stringify(file)};const size=fs.statSync(f).size;
http.createServer((q,s)=>{s.writeHead(200,{'Content-Length':size});fs.createReadStream(f,{highWaterMark:1<<20}).pipe(s)}).listen(0,'127.0.0.1',function(){console.log(this.address().port)})`;
  const node = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) =>
    node.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  servers.push({
    name: 'Node http server',
    url: `http://127.0.0.1:${port}/root.tar`,
    stop: () => node.kill(),
  });
  if (spawnSync('busybox', ['httpd', '--help']).error === undefined) {
    const busyboxPort = 20000 + Math.floor(Math.random() * 20000);
    const busybox = spawn('busybox', ['httpd', '-f', '-p', `127.0.0.1:${busyboxPort}`, '-h', dirname(file)], {
      stdio: 'ignore',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    servers.unshift({
      name: 'busybox httpd',
      url: `http://127.0.0.1:${busyboxPort}/${basename(file)}`,
      stop: () => busybox.kill(),
    });
  } else
    process.stdout.write('bench root: busybox not found; downloads measured from the Node server only\n');
  return servers;
}

async function downloadRows(): Promise<BenchRow[]> {
  const size = 256 * 1024 * 1024;
  const served = join(scratch, 'www');
  mkdirSync(served);
  const source = join(served, 'root.tar');
  writeFileSync(source, randomBytes(size));
  const rows: BenchRow[] = [];
  const curlOut = join(scratch, 'curl.out');
  const oursOut = join(scratch, 'ours.out');
  for (const server of await startServers(source)) {
    const cases = [
      { baseline: 'curl -o', cold: false, command: `curl -s -o ${curlOut} ${server.url}` },
      // What a user does for a verified download without us: fetch, then check the checksum.
      {
        baseline: 'curl -o, then sha256sum',
        cold: false,
        command: `curl -s -o ${curlOut} ${server.url} && sha256sum ${curlOut}`,
      },
      ...(isRoot
        ? [{ baseline: 'curl -o', cold: true, command: `curl -s -o ${curlOut} ${server.url}` }]
        : []),
    ];
    for (const { baseline, cold, command } of cases) {
      const theirs: number[] = [];
      const ours: number[] = [];
      for (let i = 0; i < 6; i++) {
        rmSync(curlOut, { force: true });
        if (cold) dropCaches();
        let start = performance.now();
        execFileSync('sh', ['-c', command]);
        theirs.push(seconds(start));
        rmSync(oursOut, { force: true });
        if (cold) dropCaches();
        start = performance.now();
        await downloadFile({ url: server.url, file: oursOut });
        ours.push(seconds(start));
      }
      rows.push({
        what: `download 256 MB from ${server.name} on 127.0.0.1 (${cold ? 'cold' : 'warm'} cache)`,
        baseline,
        baselineValue: size / 1e6 / median(theirs),
        ours: size / 1e6 / median(ours),
        unit: 'MB/s',
        higherIsBetter: true,
        pairAdvantage: pairedAdvantage(theirs, ours),
        note: 'ours also hashes SHA-256 (a worker thread); A B A B x6; target >= 0.9x',
      });
    }
    server.stop();
  }
  return rows;
}

const bench: Bench = async () => {
  try {
    // ROOT_BENCH_ONLY_UROOT=1 runs the u-root rows alone (with ROOT_BENCH_UROOT_ARCHS to pick archs).
    const onlyURoot = process.env.ROOT_BENCH_ONLY_UROOT === '1';
    // ROOT_BENCH_ONLY_HTTP=1 runs the HTTP client rows alone (http1.ts vs undici, bench/http-rows.ts).
    if (process.env.ROOT_BENCH_ONLY_HTTP === '1') return await httpRows(scratch);
    const rows = process.env.ROOT_BENCH_SKIP_DOWNLOAD === '1' || onlyURoot ? [] : await downloadRows();
    if (process.env.ROOT_BENCH_SKIP_DOWNLOAD !== '1' && !onlyURoot) rows.push(...(await httpRows(scratch)));
    if (process.env.ROOT_BENCH_SKIP_BUILD !== '1' && !onlyURoot) {
      rows.push(...(await buildRows()));
      // The three-architecture root just built, published with Debian's kernels and fetched back.
      const listed = kernels();
      const threeArchs: GoArch[] = ['amd64', 'arm64', 'riscv64'];
      const files = Object.fromEntries(
        threeArchs.map((a) => [a, listed[a]?.kernel ?? '']).filter(([, k]) => k),
      );
      rows.push(...(await channelRows(join(scratch, 'root'), files, scratch)));
    }
    // The real u-root release: compile check, warm cache, first command (ROOT_BENCH_SKIP_UROOT=1 skips).
    if (onlyURoot || (process.env.ROOT_BENCH_SKIP_BUILD !== '1' && process.env.ROOT_BENCH_SKIP_UROOT !== '1'))
      rows.push(...(await uRootRows(scratch)));
    return rows;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
};

export default bench;
