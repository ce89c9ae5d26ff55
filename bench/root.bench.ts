// Root figures: build time for the first architecture and each added one (vs upstream's report),
// a cached rebuild, and download throughput vs curl against the same local server (warm and cold).

import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GoArch } from '../contract';
import { buildRoot } from '../core/root/build/build-root';
import { downloadFile } from '../core/root/download/http-download';
import { makeTinyRepo } from '../core/root/testing/tiny-repo';
import { median, type Bench, type BenchRow } from './table';

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

/** A file server in its own process, so neither client shares an event loop with it. */
async function startServer(file: string): Promise<{ url: string; stop: () => void }> {
  const code = `const http=require('http'),fs=require('fs');const f=${JSON.stringify(file)};const size=fs.statSync(f).size;
http.createServer((q,s)=>{s.writeHead(200,{'Content-Length':size});fs.createReadStream(f,{highWaterMark:1<<20}).pipe(s)}).listen(0,'127.0.0.1',function(){console.log(this.address().port)})`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  return { url: `http://127.0.0.1:${port}/root.tar`, stop: () => child.kill() };
}

async function downloadRows(): Promise<BenchRow[]> {
  const size = 256 * 1024 * 1024;
  const source = join(scratch, 'served.tar');
  writeFileSync(source, randomBytes(size));
  const server = await startServer(source);
  const rows: BenchRow[] = [];
  const curlOut = join(scratch, 'curl.out');
  const baselines = {
    'curl -o': () => execFileSync('curl', ['-s', '-o', curlOut, server.url]),
    // What a user does for a verified download without us: fetch, then check the checksum.
    'curl -o, then sha256sum': () =>
      execFileSync('sh', ['-c', `curl -s -o ${curlOut} ${server.url} && sha256sum ${curlOut}`]),
  };
  for (const cold of isRoot ? [false, true] : [false]) {
    for (const [baseline, runBaseline] of Object.entries(baselines)) {
      const theirs: number[] = [];
      const ours: number[] = [];
      for (let i = 0; i < 6; i++) {
        rmSync(curlOut, { force: true });
        if (cold) dropCaches();
        let start = performance.now();
        runBaseline();
        theirs.push(size / 1e6 / seconds(start));
        rmSync(join(scratch, 'ours.out'), { force: true });
        if (cold) dropCaches();
        start = performance.now();
        await downloadFile({ url: server.url, file: join(scratch, 'ours.out') });
        ours.push(size / 1e6 / seconds(start));
      }
      rows.push({
        what: `download 256 MB from 127.0.0.1 (${cold ? 'cold' : 'warm'} cache)`,
        baseline,
        baselineValue: median(theirs),
        ours: median(ours),
        unit: 'MB/s',
        higherIsBetter: true,
        note: 'ours hashes SHA-256 as it goes (a worker thread); A B A B x6, medians; target >= 0.9x',
      });
    }
  }
  server.stop();
  return rows;
}

const bench: Bench = async () => {
  try {
    const rows = await downloadRows();
    if (process.env.ROOT_BENCH_SKIP_BUILD !== '1') rows.push(...(await buildRows()));
    return rows;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
};

export default bench;
