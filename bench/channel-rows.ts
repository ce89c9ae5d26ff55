// Channel figures (issue 18): publishing a three-architecture root with its kernels, against the same
// work done with tar, zstd, sha256sum and minisign; and fetching it back verified from a server on
// 127.0.0.1, against curl + minisign -V + sha256sum + tar, each pair A B A B in one run.

import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { GoArch } from '../contract';
import { fetchFromChannel } from '../core/channel/fetch';
import { fixedTime } from '../core/channel/pack';
import { publishRoot } from '../core/channel/publish';
import { median, pairedAdvantage, type BenchRow } from './table';

const seconds = (start: number) => (performance.now() - start) / 1000;
const sh = (command: string) =>
  execFileSync('sh', ['-c', command], { stdio: ['ignore', 'ignore', 'inherit'] });
/** The same, leaving the event loop free. */
const shAsync = (command: string) => promisify(execFile)('sh', ['-c', command]);

/**
 * Serves `dir` from its own process, as a real server is never in the flasher's: in this process it
 * took the event loop the client needs (curl, in another process, did not pay that).
 */
async function serveFolder(dir: string): Promise<{ url: (path: string) => string; close: () => void }> {
  const code = `const http=require('http'),fs=require('fs'),path=require('path');const dir=${JSON.stringify(dir)};
http.createServer((q,s)=>{const f=path.join(dir,decodeURIComponent(new URL(q.url,'http://x').pathname));
fs.stat(f,(e,st)=>{if(e||!st.isFile()){s.writeHead(404).end();return}
s.writeHead(200,{'Content-Length':st.size});fs.createReadStream(f,{highWaterMark:1<<20}).pipe(s)})})
.listen(0,'127.0.0.1',function(){console.log(this.address().port)})`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  return { url: (path) => `http://127.0.0.1:${port}${path}`, close: () => child.kill() };
}

/** `root` is a built three-architecture root; `kernels` the Debian kernel files per architecture. */
export async function channelRows(
  root: string,
  kernels: Partial<Record<GoArch, string>>,
  scratch: string,
): Promise<BenchRow[]> {
  const work = join(scratch, 'channel-bench');
  mkdirSync(work, { recursive: true });
  // A minisign key without a password, as `minisign -G -W` writes it; both sides sign with it.
  const secretFile = join(work, 'bench.key');
  const publicFile = join(work, 'bench.pub');
  execFileSync('minisign', ['-G', '-W', '-f', '-p', publicFile, '-s', secretFile], { stdio: 'ignore' });
  const secretKey = readFileSync(secretFile, 'utf8');
  const key = readFileSync(publicFile, 'utf8');
  const mtime = fixedTime.toISOString();

  const publishOurs: number[] = [];
  const publishTheirs: number[] = [];
  const site = join(work, 'site');
  for (let i = 0; i < 3; i++) {
    const manual = join(work, 'manual');
    rmSync(manual, { recursive: true, force: true });
    mkdirSync(manual);
    let start = performance.now();
    sh(
      `tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=${mtime} -cf - -C ${root} . ` +
        `| zstd -q -10 -T0 -o ${manual}/root.tar.zst && ` +
        Object.values(kernels)
          .map((k) => `cp ${k} ${manual}/`)
          .join(' && ') +
        ` && cd ${manual} && sha256sum * > channel.json && minisign -S -s ${secretFile} -m channel.json -t bench`,
    );
    publishTheirs.push(seconds(start));
    rmSync(site, { recursive: true, force: true });
    start = performance.now();
    const published = await publishRoot({ root, out: site, secretKey, name: 'bench', kernels });
    if (!published.ok) throw new Error(published.error.detail);
    publishOurs.push(seconds(start));
  }
  const archiveBytes = statSync(
    join(site, readdirSync(join(site, 'roots')).map((f) => `roots/${f}`)[0]!),
  ).size;

  const server = await serveFolder(site);
  const fetchOurs: number[] = [];
  const fetchTheirs: number[] = [];
  try {
    const entry = JSON.parse(readFileSync(join(site, 'channel.json'), 'utf8')) as {
      roots: { url: string; sha256: string; kernels?: Record<string, { url: string; sha256: string }> }[];
    };
    const last = entry.roots.at(-1)!;
    const wanted = [last, ...Object.values(last.kernels ?? {})];
    const pub = join(work, 'channel.pub');
    writeFileSync(pub, key);
    for (let i = 0; i < 4; i++) {
      const manual = join(work, 'fetched-manual');
      rmSync(manual, { recursive: true, force: true });
      mkdirSync(join(manual, 'root'), { recursive: true });
      let start = performance.now();
      await shAsync(
        `cd ${manual} && curl -sfo channel.json ${server.url('/channel.json')} && ` +
          `curl -sfo channel.json.minisig ${server.url('/channel.json.minisig')} && ` +
          `minisign -Vq -p ${pub} -m channel.json && ` +
          wanted.map((w, n) => `curl -sfo f${n} ${server.url(`/${w.url}`)}`).join(' && ') +
          ` && printf '${wanted.map((w, n) => `${w.sha256}  f${n}\\n`).join('')}' | sha256sum -c --quiet && ` +
          `tar --zstd -xf f0 -C root`,
      );
      fetchTheirs.push(seconds(start));
      const ours = join(work, 'fetched-ours');
      rmSync(ours, { recursive: true, force: true });
      start = performance.now();
      const fetched = await fetchFromChannel({
        link: { url: server.url('/channel.json'), key },
        dataDir: join(ours, 'data'),
        archs: [],
        out: join(ours, 'root'),
        cache: { dir: join(ours, 'cache'), capBytes: 8 * 1024 ** 3 },
      });
      if (!fetched.ok) throw new Error(fetched.error.detail);
      fetchOurs.push(seconds(start));
    }
  } finally {
    server.close();
    rmSync(work, { recursive: true, force: true });
  }
  const mb = (archiveBytes / 1e6).toFixed(0);
  return [
    {
      what: `publish a root (${mb} MB archive) with ${Object.keys(kernels).length} kernels (${Object.keys(kernels).join(', ')})`,
      baseline: 'tar + zstd -10, sha256sum, minisign -S',
      baselineValue: median(publishTheirs),
      ours: median(publishOurs),
      unit: 's',
      higherIsBetter: false,
      pairAdvantage: pairedAdvantage(publishTheirs, publishOurs),
      note: 'ours also validates the root and checks each kernel; A B x3',
    },
    {
      what: 'fetch that root and its kernels from 127.0.0.1, verified and extracted',
      baseline: 'curl, minisign -V, sha256sum -c, tar -x',
      baselineValue: median(fetchTheirs),
      ours: median(fetchOurs),
      unit: 's',
      higherIsBetter: false,
      pairAdvantage: pairedAdvantage(fetchTheirs, fetchOurs),
      note: 'ours also pins the key, refuses rollback and validates the root; A B x4',
    },
  ];
}
