// Composer figures: Go tree vs mkfs.vfat + mcopy and vs the tar read floor (warm, cold), a
// 2,000-file folder, peak memory for 90,000 files, and plan bytes on a 32 GiB stick.

import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlignedPool } from '../core/io/aligned-pool';
import { compose } from '../core/image/compose';
import { composeToFile } from '../core/image/compose-to-file';
import { readPlanChunksInParallel } from '../core/io/parallel-chunks';
import { planBytes } from '../core/io/plan';
import { median, pairedAdvantage, type Bench, type BenchRow } from './table';
import { testThreads } from '../core/io/testing/threads';

const goTree = '/usr/share/go-1.19';
const mib = 1024 * 1024;
const scratch = mkdtempSync(join(tmpdir(), 'compose-bench-'));
const cache = join(homedir(), '.cache', 'sourcery-flasher', 'bench');
const isRoot = process.getuid?.() === 0;

const sh = (command: string) =>
  execFileSync('sh', ['-c', command], { stdio: ['ignore', 'ignore', 'inherit'] });
const dropCaches = () => sh('sync; echo 3 > /proc/sys/vm/drop_caches');

function timeShell(command: string): number {
  const start = performance.now();
  sh(command);
  return (performance.now() - start) / 1000;
}

/**
 * Ours, in this process: compose (metadata) and stream every byte into a sparse image, the files
 * while the tree is still being scanned (composeToFile, as `compose --size` does). A new image file,
 * as the baselines make, unless `replace`: then the last run's image is replaced, and the file
 * system's time to free it (about 0.1 s for 120 MB here, in rename) counts too.
 */
async function timeOurs(tree: string, size: number, replace = false): Promise<number> {
  const image = join(scratch, 'ours.img');
  if (!replace) rmSync(image, { force: true });
  const start = performance.now();
  const written = await composeToFile(image, { threads: testThreads(), tree, size });
  if (!written.ok) throw new Error(written.error.detail);
  return (performance.now() - start) / 1000;
}

const floorName = 'tar -cf - piped to cat (read floor)';
/** Ours without the image file: compose, then produce every chunk (reads every source byte). */
async function timeOursNoWrite(tree: string, size: number): Promise<number> {
  const start = performance.now();
  const composed = await compose({ tree, size });
  if (!composed.ok) throw new Error(composed.error.detail);
  const pool = new AlignedPool(mib, 8);
  for await (const chunk of readPlanChunksInParallel(composed.value.plan, { threads: testThreads(), pool }))
    pool.release(chunk.data);
  return (performance.now() - start) / 1000;
}

const tarFloor = (tree: string) => `tar -cf - -C ${tree} . | cat >/dev/null`;
const mcopyBaseline = (tree: string) => {
  const image = join(scratch, 'mcopy.img');
  return `rm -f ${image}; truncate -s 512M ${image} && mkfs.vfat -F 32 ${image} >/dev/null && MTOOLS_SKIP_CHECK=1 mcopy -s -i ${image} ${tree}/* ::/`;
};

/**
 * A B A B ...: medians of `runs` alternating samples of a baseline and ours. Each sample starts
 * after a `sync`, so the kernel's writeback of the last sample's image (or mcopy's) does not run
 * during the next one.
 */
async function alternate(runs: number, baseline: () => number, ours: () => Promise<number>, cold = false) {
  const a: number[] = [];
  const b: number[] = [];
  const settle = () => (cold ? dropCaches() : sh('sync'));
  for (let i = 0; i < runs; i++) {
    settle();
    a.push(baseline());
    settle();
    b.push(await ours());
  }
  return { baseline: median(a), ours: median(b), pairs: pairedAdvantage(a, b) };
}

/** A generated root-like tree of `count` small files, cached between runs (it takes a while to make). */
function generatedTree(count: number): string {
  const dir = join(cache, `tree-${count}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  const perFolder = 30;
  for (let i = 0; i < count; i++) {
    const folder = join(dir, `pkg${Math.floor(i / perFolder / 100)}`, `sub${Math.floor(i / perFolder)}`);
    if (i % perFolder === 0) mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `file_${i}.go`), `package p\n// ${'x'.repeat((i * 7919) % 3000)}\n`);
  }
  writeFileSync(join(dir, '.complete'), '');
  return dir;
}

/**
 * Peak memory of the `compose` command in a child process. The built CLI (out/, from `npm run
 * build`) is what users run; from source, tsx's loader adds about 40 MB, so it is used only when
 * no build is newer than the compose command and the composer.
 */
function peakMemoryMb(tree: string, args: string[] = []): { mb: number; how: string } {
  const root = join(import.meta.dirname, '..');
  const built = join(root, 'out', 'cli', 'bin.js');
  const sources = [
    join(root, 'cli', 'commands', 'compose.ts'),
    ...readdirSync(join(root, 'core', 'image')).map((name) => join(root, 'core', 'image', name)),
  ];
  const newest = Math.max(...sources.map((path) => statSync(path).mtimeMs));
  const fresh = existsSync(built) && statSync(built).mtimeMs > newest;
  const command = fresh ? [built] : ['--import', 'tsx', join(root, 'cli', 'bin.ts')];
  const compose = ['compose', '--tree', tree, '--out', join(scratch, 'mem.img'), ...args];
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, ...command, ...compose], {
    encoding: 'utf8',
    cwd: root,
  });
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]);
  if (r.status !== 0 || !kb) throw new Error(`compose of ${tree} failed: ${r.stderr}`);
  return { mb: kb / 1024, how: fresh ? 'built CLI (out/)' : 'CLI from source through tsx' };
}

const bench: Bench = async () => {
  const rows: BenchRow[] = [];
  const row = (
    what: string,
    baseline: string,
    figures: { baseline: number; ours: number; pairs?: number },
    unit: string,
    note: string,
  ) =>
    rows.push({
      what,
      baseline,
      baselineValue: figures.baseline,
      ours: figures.ours,
      unit,
      note,
      higherIsBetter: false,
      ...(figures.pairs === undefined ? {} : { pairAdvantage: figures.pairs }),
    });
  try {
    if (existsSync(goTree)) {
      const size = 512 * mib;
      await timeOurs(goTree, size); // warm the page cache and the JIT once
      row(
        'Go tree (11,759 files) to image, warm',
        'mkfs.vfat + mcopy -s',
        await alternate(
          2,
          () => timeShell(mcopyBaseline(goTree)),
          () => timeOurs(goTree, size),
        ),
        's',
        'target >= 20x; 2 runs each',
      );
      row(
        'Go tree to image, warm',
        floorName,
        await alternate(
          9,
          () => timeShell(tarFloor(goTree)),
          () => timeOurs(goTree, size),
        ),
        's',
        'target within 1.5x; a new image file each run; 9 runs each',
      );
      row(
        'Go tree to image replacing the last one, warm',
        floorName,
        await alternate(
          3,
          () => timeShell(tarFloor(goTree)),
          () => timeOurs(goTree, size, true),
        ),
        's',
        'the old image is freed in rename; 3 runs each',
      );
      row(
        'Go tree composed and every chunk read, no image written',
        floorName,
        await alternate(
          5,
          () => timeShell(tarFloor(goTree)),
          () => timeOursNoWrite(goTree, size),
        ),
        's',
        'like for like: neither writes 120 MB to disk; 5 runs each',
      );
      if (isRoot)
        row(
          'Go tree to image, cold cache',
          floorName,
          await alternate(
            3,
            () => timeShell(tarFloor(goTree)),
            () => timeOurs(goTree, size),
            true,
          ),
          's',
          'drop_caches before each run; 3 runs each',
        );
    }
    const folder = join(scratch, 'one-folder');
    mkdirSync(folder);
    for (let i = 0; i < 2000; i++) writeFileSync(join(folder, `issue${i}.go`), `package p // ${i}\n`);
    await timeOurs(folder, 64 * mib);
    row(
      'one folder of 2,000 files to image',
      floorName,
      await alternate(
        5,
        () => timeShell(tarFloor(folder)),
        () => timeOurs(folder, 64 * mib),
      ),
      's',
      'target < 1 s (mcopy: ~250 s)',
    );

    const big = generatedTree(90_000);
    // Both ways: the smallest size (composed first) and a given one (written while scanning).
    const memory = [peakMemoryMb(big), peakMemoryMb(big, ['--size', '2G'])];
    row(
      'peak memory, `compose` on 90,000 files',
      'budget from the issue',
      { baseline: 200, ours: Math.max(...memory.map((m) => m.mb)) },
      'MB',
      `max RSS (/usr/bin/time -v) of \`compose\` (${memory[0]?.mb.toFixed(0)} MB) and \`compose --size 2G\` (${memory[1]?.mb.toFixed(0)} MB), ${memory[0]?.how}`,
    );
    row(
      '90,000 files to image, warm',
      floorName,
      await alternate(
        3,
        () => timeShell(tarFloor(big)),
        () => timeOurs(big, 2048 * mib),
      ),
      's',
      '3 runs each',
    );

    const tree = join(scratch, 'hundred-mb');
    mkdirSync(tree);
    for (let i = 0; i < 100; i++) {
      writeFileSync(join(tree, `f${i}`), '');
      truncateSync(join(tree, `f${i}`), mib);
    }
    const composed = await compose({ tree, size: 32 * 1024 * mib });
    if (!composed.ok) throw new Error(composed.error.detail);
    const fats = composed.value.plan.extents
      .filter((e) => e.label.startsWith('FAT #'))
      .reduce((s, e) => s + e.length, 0);
    row(
      'plan bytes, 100 MB tree on a 32 GiB stick',
      'tree + both FATs',
      { baseline: (100 * mib + fats) / mib, ours: planBytes(composed.value.plan) / mib },
      'MiB',
      'target ours <= 1.1 x baseline',
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return rows;
};

export default bench;
