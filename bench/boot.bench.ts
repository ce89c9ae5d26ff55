// Boot figures: unpacking a kernel .deb vs dpkg-deb -x (warm, cold); boot-to-marker per firmware vs
// QEMU's direct kernel boot of the same kernel, initramfs and stick (firmware + loader overhead);
// initramfs and UKI sizes vs the figures of the hand-made trial in the shared BOOT.md.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GoArch } from '../contract/boot';
import { kernelCmdline } from '../core/boot/cmdline';
import { unpackDeb } from '../core/boot/packages/deb';
import { bootCases, directKernelCommand } from '../e2e/boot/qemu-cases';
import { runQemu } from '../e2e/boot/run-qemu';
import { buildTestStick } from '../e2e/boot/stick';
import { median, type Bench, type BenchRow } from './table';

const scratch = mkdtempSync(join(tmpdir(), 'boot-bench-'));
const runs = Number(process.env.BOOT_BENCH_RUNS ?? 2);
const isRoot = process.getuid?.() === 0;
const dropCaches = () => execFileSync('sh', ['-c', 'sync; echo 3 > /proc/sys/vm/drop_caches']);
const seconds = (start: number) => (performance.now() - start) / 1000;

async function debRows(deb: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const cold of isRoot ? [false, true] : [false]) {
    const base: number[] = [];
    const ours: number[] = [];
    for (let i = 0; i < 3; i++) {
      const out = mkdtempSync(join(scratch, 'dpkg-'));
      if (cold) dropCaches();
      let start = performance.now();
      execFileSync('dpkg-deb', ['-x', deb, out]);
      base.push(seconds(start));
      rmSync(out, { recursive: true });
      const cacheRoot = mkdtempSync(join(scratch, 'ours-'));
      if (cold) dropCaches();
      start = performance.now();
      const result = await unpackDeb(deb, { cacheRoot });
      if (!result.ok) throw new Error(result.error.detail);
      ours.push(seconds(start));
      rmSync(cacheRoot, { recursive: true });
    }
    rows.push({
      what: `unpack the amd64 kernel .deb (${cold ? 'cold' : 'warm'})`,
      baseline: 'dpkg-deb -x',
      baselineValue: median(base),
      ours: median(ours),
      unit: 's',
      higherIsBetter: false,
      note: 'ours also hashes the package (cache key); 3 runs, A B A B',
    });
  }
  return rows;
}

/** From the hand-made trial in ../shared/design/BOOT.md, for the size rows. */
const trialUkiMb: Record<GoArch, number> = { amd64: 10, arm64: 35, riscv64: 34 };

const bench: Bench = async () => {
  const stick = await buildTestStick(scratch);
  const rows = await debRows(stick.fetched.amd64?.kernel ?? '');
  const partUuid = /root=PARTUUID=(\S+)/.exec(stick.report)?.[1] ?? '';
  const firmware = stick.fetched.all?.['qemu-efi-riscv64'];
  const unpacked = firmware ? await unpackDeb(firmware) : undefined;
  const cases = bootCases(unpacked?.ok ? join(unpacked.value, 'usr/share/qemu-efi-riscv64') : undefined);
  for (const arch of ['amd64', 'arm64', 'riscv64'] as const) {
    // The same kernel and initramfs the stick holds, read back with mtools (an independent reader).
    const kernel = join(scratch, `${arch}-vmlinuz`);
    const initrd = join(scratch, `${arch}-initrd.gz`);
    execFileSync('mcopy', ['-n', '-i', `${stick.image}@@1048576`, `::/boot/${arch}/vmlinuz`, kernel]);
    execFileSync('mcopy', ['-n', '-i', `${stick.image}@@1048576`, `::/boot/${arch}/initrd.gz`, initrd]);
    const cmdline = kernelCmdline({ arch, partUuid, initramfs: true });
    const direct: number[] = [];
    const viaFirmware = new Map<string, number[]>();
    for (let i = 0; i < runs; i++) {
      const log = join(scratch, `direct-${arch}-${i}.log`);
      const run = await runQemu(
        directKernelCommand(arch, kernel, initrd, cmdline, stick.image, log),
        log,
        arch,
        180,
      );
      if (run.passed) direct.push(run.seconds);
      for (const bootCase of cases.filter((c) => c.arch === arch)) {
        const caseDir = mkdtempSync(join(scratch, 'case-'));
        const caseLog = join(caseDir, 'serial.log');
        const boot = await runQemu(bootCase.command(stick.image, caseLog, caseDir), caseLog, arch, 180);
        if (boot.passed)
          viaFirmware.set(bootCase.name, [...(viaFirmware.get(bootCase.name) ?? []), boot.seconds]);
      }
    }
    for (const [name, samples] of viaFirmware) {
      rows.push({
        what: `boot to marker: ${name}`,
        baseline: 'QEMU -kernel -initrd (no firmware)',
        baselineValue: median(direct),
        ours: median(samples),
        unit: 's',
        higherIsBetter: false,
        note: `${samples.length} runs, A B alternating`,
      });
    }
    const sizes = /initramfs ([\d.]+) MB.*UKI ([\d.]+) MB/.exec(
      stick.report.split('\n').find((l) => l.trim().startsWith(`${arch}:`)) ?? '',
    );
    rows.push({
      what: `initramfs size, ${arch}`,
      baseline: 'shared BOOT.md trial (about 2 MB)',
      baselineValue: 2,
      ours: Number(sizes?.[1]),
      unit: 'MB',
      higherIsBetter: false,
    });
    rows.push({
      what: `UKI size, ${arch}`,
      baseline: 'shared BOOT.md trial',
      baselineValue: trialUkiMb[arch],
      ours: Number(sizes?.[2]),
      unit: 'MB',
      higherIsBetter: false,
    });
  }
  return rows;
};

export default bench;
