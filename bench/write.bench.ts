// Writing and verifying against dd with direct I/O; 1, 2, 4 targets; bytes written for a 100 MB root.

import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { compose } from '../core/image/compose';
import { planBytes, type Plan } from '../core/io/plan';
import { sourceIdOfPath } from '../core/io/source-file';
import { writePlan } from '../core/write/fan-out';
import { verifyTarget } from '../core/write/verify';
import { median, pairedAdvantage, type Bench, type BenchRow } from './table';
import { testThreads } from '../core/io/testing/threads';

const MiB = 1024 * 1024;
const sourceSize = 256 * MiB;
const rounds = 9;
/** Pairs where each sample costs a cache drop or several targets' writes. */
const fewRounds = 5;

/** CPU seconds of this process's reaped children (dd), from /proc/self/stat. */
function childCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const ownCpu = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

function dropCaches(): boolean {
  try {
    execFileSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}

function dd(args: string[]): void {
  const result = spawnSync('dd', [...args, 'status=none']);
  if (result.status !== 0) throw new Error(`dd ${args.join(' ')} failed: ${result.stderr.toString()}`);
}

/**
 * Requests completed by the disk holding `dir` (reads, writes), from /sys; undefined where there is
 * no such file. A 4 MiB direct read or write reaches the disk as one request per run of physically
 * contiguous pages in the buffer (up to the disk's limits), and on a virtual disk that serves one
 * request at a time the count sets the speed: on this project's machines a 4 MiB read in 2 requests
 * ran at 1.3-1.8 GB/s, in 6 at 550 MiB/s, for dd and for us alike. Whose buffer happens to be
 * contiguous is the kernel's luck, so the rows say how many requests each side made.
 */
function diskRequests(dir: string): (() => { reads: number; writes: number }) | undefined {
  const { dev } = statSync(dir);
  const file = `/sys/dev/block/${Math.floor(dev / 256) & 0xfff}:${(dev & 0xff) | ((dev >> 12) & 0xfff00)}/stat`;
  const read = (): { reads: number; writes: number } => {
    const fields = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
    return { reads: fields[0] ?? 0, writes: fields[4] ?? 0 };
  };
  try {
    read();
    return read;
  } catch {
    return undefined;
  }
}

interface Samples {
  base: number[];
  mine: number[];
  /** Disk requests (reads + writes) over all samples of each side, when /sys tells. */
  requests?: { base: number; mine: number };
}

/** Runs baseline and ours alternately (A B A B), returning both sample lists in seconds. */
async function alternate(
  count: number,
  baseline: () => void,
  ours: () => Promise<void>,
  options: { before?: () => void; requests?: ReturnType<typeof diskRequests> } = {},
): Promise<Samples> {
  const { before = () => undefined, requests } = options;
  const base: number[] = [];
  const mine: number[] = [];
  const made = { base: 0, mine: 0 };
  const counted = async (side: 'base' | 'mine', run: () => unknown): Promise<number> => {
    const start = requests?.();
    const t = performance.now();
    await run();
    const seconds = (performance.now() - t) / 1000;
    const end = requests?.();
    if (start && end) made[side] += end.reads - start.reads + end.writes - start.writes;
    return seconds;
  };
  for (let i = 0; i < count; i += 1) {
    before();
    base.push(await counted('base', baseline));
    before();
    mine.push(await counted('mine', ours));
  }
  return { base, mine, ...(requests ? { requests: made } : {}) };
}

/** "disk requests per 4 MiB: dd 2.0, ours 2.0", or nothing when they were not counted. */
function requestNote(samples: Samples, bytesPerSample: number): string {
  if (!samples.requests) return '';
  const per = (total: number): string =>
    ((total / samples.base.length / bytesPerSample) * 4 * MiB).toFixed(1);
  return `; disk requests per 4 MiB: dd ${per(samples.requests.base)}, ours ${per(samples.requests.mine)}`;
}

const rate = (bytes: number, seconds: number[]): number => bytes / MiB / median(seconds);

/** A tree of about `bytes` in files of 4 KB to 1 MB, like a Go source tree with some binaries. */
function makeTree(dir: string, bytes: number): void {
  let made = 0;
  for (let i = 0; made < bytes; i += 1) {
    const sub = join(dir, `pkg${i % 40}`);
    mkdirSync(sub, { recursive: true });
    const size = i % 10 === 0 ? 1_000_000 : 4_000 + ((i * 7919) % 60_000);
    writeFileSync(join(sub, `file${i}.go`), randomBytes(size));
    made += size;
  }
}

const bench: Bench = async () => {
  const dir = mkdtempSync(join(homedir(), '.cache', 'sourcery-flasher-bench-'));
  try {
    const source = join(dir, 'source.bin');
    writeFileSync(source, randomBytes(sourceSize));
    const plan: Plan = {
      size: sourceSize,
      diskSignature: 1,
      partition: { offset: 0, length: sourceSize },
      extents: [
        {
          kind: 'file',
          offset: 0,
          length: sourceSize,
          source,
          sourceId: sourceIdOfPath(source),
          sourceOffset: 0,
          sourceLength: sourceSize,
          label: 'source',
        },
      ],
    };
    const ddTarget = join(dir, 'dd.img');
    // A new file each time, as dd truncates its own: an image file is only rewritten when it is an image
    // Sourcery Flasher made (a FAT stick), and the bench's plan is plain data.
    const target = (i: number): string => {
      const path = join(dir, `ours-${i}.img`);
      rmSync(path, { force: true });
      return path;
    };
    const rows: BenchRow[] = [];
    let hashes = (await writePlan({ threads: testThreads(), plan, targets: [target(0)] })).hashes;
    const requests = diskRequests(dir);

    const warm = await alternate(
      rounds,
      () => dd([`if=${source}`, `of=${ddTarget}`, 'bs=4M', 'oflag=direct']),
      async () =>
        void (hashes = (await writePlan({ threads: testThreads(), plan, targets: [target(0)] })).hashes),
      { requests },
    );
    rows.push({
      what: 'write 256 MiB to an image file, source cached',
      baseline: 'dd bs=4M oflag=direct',
      baselineValue: rate(sourceSize, warm.base),
      ours: rate(sourceSize, warm.mine),
      unit: 'MiB/s',
      higherIsBetter: true,
      pairAdvantage: pairedAdvantage(warm.base, warm.mine),
      note: `median of ${rounds}, warm; ours also hashes${requestNote(warm, sourceSize)}`,
    });

    if (dropCaches()) {
      const cold = await alternate(
        fewRounds,
        () => dd([`if=${source}`, `of=${ddTarget}`, 'bs=4M', 'oflag=direct']),
        async () => void (await writePlan({ threads: testThreads(), plan, targets: [target(0)] })),
        { before: dropCaches, requests },
      );
      rows.push({
        what: 'write 256 MiB to an image file, caches dropped',
        baseline: 'dd bs=4M oflag=direct',
        baselineValue: rate(sourceSize, cold.base),
        ours: rate(sourceSize, cold.mine),
        unit: 'MiB/s',
        higherIsBetter: true,
        pairAdvantage: pairedAdvantage(cold.base, cold.mine),
        note: `median of ${fewRounds}, cold${requestNote(cold, sourceSize)}`,
      });
    }

    const verify = await alternate(
      rounds,
      () => dd([`if=${ddTarget}`, 'of=/dev/null', 'bs=4M', 'iflag=direct']),
      async () => {
        const result = await verifyTarget({
          threads: testThreads(),
          plan,
          path: join(dir, 'ours-0.img'),
          hashes,
        });
        if (result.error) throw new Error(result.error.detail);
      },
      { requests },
    );
    rows.push({
      what: 'verify (read back) 256 MiB',
      baseline: 'dd bs=4M iflag=direct',
      baselineValue: rate(sourceSize, verify.base),
      ours: rate(sourceSize, verify.mine),
      unit: 'MiB/s',
      higherIsBetter: true,
      pairAdvantage: pairedAdvantage(verify.base, verify.mine),
      note: `median of ${rounds}; ours also hashes and compares${requestNote(verify, sourceSize)}`,
    });

    for (const count of [1, 2, 4]) {
      const wall = { base: [] as number[], mine: [] as number[] };
      const cpu = { base: [] as number[], mine: [] as number[] };
      for (let i = 0; i < fewRounds; i += 1) {
        let [t, c] = [performance.now(), childCpu()];
        for (let k = 0; k < count; k += 1)
          dd([`if=${source}`, `of=${join(dir, `dd-${k}.img`)}`, 'bs=4M', 'oflag=direct']);
        wall.base.push((performance.now() - t) / 1000);
        cpu.base.push(childCpu() - c);
        [t, c] = [performance.now(), ownCpu()];
        const outcome = await writePlan({
          threads: testThreads(),
          plan,
          targets: Array.from({ length: count }, (_, k) => target(k)),
        });
        const failed = outcome.targets.find((o) => o.error);
        if (failed) throw new Error(`a bench target failed: ${JSON.stringify(failed.error)}`);
        wall.mine.push((performance.now() - t) / 1000);
        cpu.mine.push(ownCpu() - c);
      }
      rows.push({
        what: `${count} target(s), same disk, wall`,
        baseline: `${count} dd run(s) one after another`,
        baselineValue: median(wall.base),
        ours: median(wall.mine),
        unit: 's',
        higherIsBetter: false,
        pairAdvantage: pairedAdvantage(wall.base, wall.mine),
        note: `median of ${fewRounds}, 256 MiB each`,
      });
      rows.push({
        what: `${count} target(s), same disk, CPU`,
        baseline: `${count} dd run(s)`,
        baselineValue: median(cpu.base),
        ours: median(cpu.mine),
        unit: 'CPU s',
        higherIsBetter: false,
        note: 'ours: user+system of this process (read once, hash once)',
      });
    }

    const tree = join(dir, 'tree');
    makeTree(tree, 100e6);
    const composed = await compose({ tree, size: 32 * 1024 * MiB });
    if (!composed.ok) throw new Error(composed.error.detail);
    const outcome = await writePlan({
      threads: testThreads(),
      plan: composed.value.plan,
      targets: [join(dir, 'stick-32g.img')],
    });
    const written = outcome.targets[0]?.bytesWritten ?? 0;
    rows.push({
      what: 'bytes written: 100 MB root on a 32 GiB target',
      baseline: 'whole-image flasher (dd of the image)',
      baselineValue: (32 * 1024 * MiB) / 1e6,
      ours: written / 1e6,
      unit: 'MB',
      higherIsBetter: false,
      note: `plan covers ${(planBytes(composed.value.plan) / 1e6).toFixed(1)} MB`,
    });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export default bench;
