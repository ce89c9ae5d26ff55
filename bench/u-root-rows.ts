// Root figures on the real u-root release (../shared/data): the compile check's time and the warm cache's
// bytes per architecture, the first native compile of a u-root command warm vs empty cache, and in QEMU
// (TCG) the first `ls` after boot with the warm cache vs sourcery.cache=off, and boot to init per arch.

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { GoArch } from '../contract';
import { prepareSyslinuxPayload } from '../core/boot/syslinux/prepare';
import { bootTest } from '../core/qemu/boot-test';
import { buildRoot } from '../core/root/build/build-root';
import { median, type BenchRow } from './table';

const project = join(import.meta.dirname, '..');
const release = join(project, '..', 'shared', 'data', 'u-root-v0.14.0.tar.xz');
/** ROOT_BENCH_UROOT_ARCHS=amd64 (a comma list) measures fewer architectures; default all three. */
const archs = (process.env.ROOT_BENCH_UROOT_ARCHS ?? 'amd64,arm64,riscv64')
  .split(',')
  .filter(Boolean) as GoArch[];
const say = (line: string) => process.stderr.write(`u-root rows: ${line}\n`);
const seconds = (start: number) => (performance.now() - start) / 1000;
const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const qemuName: Record<GoArch, string> = { amd64: 'x86_64', arm64: 'aarch64', riscv64: 'riscv64' };

/** Debian's kernels per architecture, fetched once into the user's cache by scripts/fetch-kernels.mjs. */
export function kernels(): Record<string, { kernel?: string }> {
  const out = execFileSync(process.execPath, [join(project, 'scripts', 'fetch-kernels.mjs')], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as Record<string, { kernel?: string }>;
}

function compose(root: string, image: string, append: string): void {
  const kernel = kernels();
  execFileSync(
    join(project, 'node_modules', '.bin', 'tsx'),
    [
      join(project, 'cli', 'bin.ts'),
      'compose',
      '--tree',
      root,
      ...archs.flatMap((a) => ['--kernel', `${a}=${kernel[a]?.kernel ?? ''}`]),
      '--boot',
      // SeaBIOS boots amd64, U-Boot the others; a stick for arm64 and riscv64 alone has no BIOS part.
      [
        ...(archs.includes('amd64') ? ['bios'] : []),
        ...(archs.some((a) => a !== 'amd64') ? ['uboot'] : []),
      ].join(','),
      '--append',
      append,
      '--out',
      image,
    ],
    { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

/** The root's own amd64 installcommand and go compiling u-root's `ls` natively, as the root tier does. */
function nativeCompile(root: string, gocache: string, ubin: string): number {
  rmSync(ubin, { recursive: true, force: true });
  mkdirSync(ubin, { recursive: true });
  const start = performance.now();
  execFileSync(
    join(root, 'linux_amd64/bin/installcommand'),
    [`#!${join(root, 'src/github.com/u-root/u-root/cmds/core/ls')}`, join(root, 'linux_amd64/bin/ls'), '/'],
    {
      stdio: 'ignore',
      env: {
        ...process.env,
        SOURCERY_UBIN: ubin,
        SOURCERY_GO: join(root, 'linux_amd64/bin/go'),
        SOURCERY_GOROOT: join(root, 'go'),
        SOURCERY_GOPATH: join(root, 'src'),
        SOURCERY_GOCACHE: gocache,
      },
    },
  );
  return seconds(start);
}

/** First native compile of ls: the root's warm cache vs an empty one, A B A B. */
function nativeRow(root: string, scratch: string): BenchRow {
  const warm: number[] = [];
  const empty: number[] = [];
  for (let i = 0; i < 2; i++) {
    const copy = join(scratch, 'gocache-copy');
    rmSync(copy, { recursive: true, force: true });
    cpSync(join(root, 'linux_amd64/gocache'), copy, { recursive: true });
    warm.push(nativeCompile(root, copy, join(scratch, 'ubin')));
    const none = join(scratch, 'gocache-empty');
    rmSync(none, { recursive: true, force: true });
    empty.push(nativeCompile(root, none, join(scratch, 'ubin')));
    say(`native ls: warm ${warm.at(-1)?.toFixed(2)} s, empty ${empty.at(-1)?.toFixed(1)} s`);
  }
  return {
    what: 'first compile of u-root ls, native, root toolchain: warm cache vs empty',
    baseline: 'empty GOCACHE',
    baselineValue: median(empty),
    ours: median(warm),
    unit: 's',
    higherIsBetter: false,
    note: 'mean of 2, alternating; goal < 1 s warm',
  };
}

export async function uRootRows(scratch: string): Promise<BenchRow[]> {
  if (!existsSync(release)) return [];
  execFileSync('tar', ['-xJf', release, '-C', scratch]);
  const root = join(scratch, 'u-root-root');
  const cacheDir = join(scratch, 'u-root-cache'); // empty: the compile check starts from nothing
  say(`building the root for ${archs.join(', ')} with an empty cache`);
  const built = await buildRoot({
    out: root,
    archs,
    sources: [{ repo: join(scratch, 'u-root'), commands: ['cmds/core'] }],
    cacheDir,
  });
  if (!built.ok) throw new Error(`${built.error.detail}\n${built.error.cause ?? ''}`);
  const m = built.value;
  for (const arch of archs)
    say(
      `${arch}: compile check ${m.compileSeconds?.[arch]?.toFixed(0)} s, cache ${m.warmCache?.[arch]} bytes; load ${loadAverage()}`,
    );
  const rows: BenchRow[] = archs.map((arch) => ({
    what: `compile check of u-root cmds/core for ${arch}, empty cache (${(m.leftOut ?? []).filter((l) => l.arch === arch).length} left out)`,
    baseline: 'upstream: per added arch',
    baselineValue: 90,
    ours: m.compileSeconds?.[arch] ?? 0,
    unit: 's',
    higherIsBetter: false,
    note: `warm cache ${((m.warmCache?.[arch] ?? 0) / 1e6).toFixed(0)} MB on the stick`,
  }));

  // The native row needs the host's architecture in the root (this machine: amd64).
  if (archs.includes('amd64')) rows.push(nativeRow(root, scratch));

  // In QEMU: first `ls` after boot, warm vs sourcery.cache=off; boot to init per architecture.
  const payload = await prepareSyslinuxPayload();
  if (!payload.ok) throw new Error(payload.error.detail);
  writeFileSync(join(root, 'etc', 'bench-marker'), 'x\n');
  const images: Record<string, string> = {};
  for (const [name, append] of [
    ['warm', 'sourcery.run="ls /etc"'],
    ['off', 'sourcery.run="ls /etc" sourcery.cache=off'],
  ] as const) {
    images[name] = join(scratch, `${name}.img`);
    compose(root, images[name], append);
  }
  // Init prints its banner before it copies the cache, so one boot to the banner per architecture
  // serves as boot to init for both images; the first `ls` is its run's end minus that.
  const toInit: Partial<Record<GoArch, number>> = {};
  for (const arch of archs) {
    const booted = await bootTest({ image: images.warm ?? '', arch, timeoutSeconds: 900 });
    if (!booted.ok) throw new Error(`QEMU ${arch} did not reach init`);
    toInit[arch] = booted.value.seconds;
    say(`${arch}: boot to init ${booted.value.seconds.toFixed(1)} s; load ${loadAverage()}`);
  }
  // One QEMU at a time: each is a TCG thread, and two would share the two cores with each other.
  for (const arch of archs) {
    const firstLs: Record<string, number> = {};
    for (const name of ['warm', 'off']) {
      const run = await bootTest({
        image: images[name] ?? '',
        arch,
        timeoutSeconds: 1800,
        expect: /sourcery: run finished with status/,
      });
      if (!run.ok) throw new Error(`QEMU ${arch} (${name}) did not finish: ${run.error.detail}`);
      firstLs[name] = run.value.seconds - (toInit[arch] ?? 0);
      say(`${arch} first ls (${name}): ${firstLs[name]?.toFixed(1)} s after init; load ${loadAverage()}`);
    }
    rows.push({
      what: `first \`ls\` after boot, QEMU ${qemuName[arch]} TCG: warm cache vs sourcery.cache=off`,
      baseline: 'sourcery.cache=off',
      baselineValue: firstLs.off ?? 0,
      ours: firstLs.warm ?? 0,
      unit: 's',
      higherIsBetter: false,
      note: 'run finished minus boot to init, one boot each; warm includes copying the cache; goal >= 5x',
    });
  }
  for (const arch of archs) {
    rows.push({
      what: `boot to init (QEMU TCG, ${arch === 'amd64' ? 'SeaBIOS' : 'U-Boot'}), ${arch}`,
      baseline: 'reported',
      baselineValue: toInit[arch] ?? 0,
      ours: toInit[arch] ?? 0,
      unit: 's',
      higherIsBetter: false,
    });
  }
  return rows;
}
