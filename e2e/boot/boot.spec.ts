// The boot tier: one stick composed by the engine boots to the test init's marker under every firmware.
// Run: npm run test:boot  (downloads Debian kernels once into ~/.cache/sourcery-flasher/kernels)

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { unpackDeb } from '../../core/boot/deb';
import { bootCases } from './qemu-cases';
import { runQemu, type BootRun } from './run-qemu';
import { buildTestStick, type TestStick } from './stick';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const artifacts = join(root, 'artifacts', 'boot');
/** Per boot; the slowest here (OVMF, riscv64 EDK2) take about 25 s when the machine is busy. */
const limitSeconds = 120;

const work = await mkdtemp(join(tmpdir(), 'sourcery-boot-'));

const results: Array<{ name: string; firmware: string; run: BootRun }> = [];

const riscvFirmwareDir = async (deb?: string) => {
  if (!deb) return undefined;
  const unpacked = await unpackDeb(deb);
  return unpacked.ok ? join(unpacked.value, 'usr/share/qemu-efi-riscv64') : undefined;
};

// Kernel downloads and the stick are built before the cases are listed, so the list is fixed.
const stick: TestStick = await buildTestStick(work);
const cases = bootCases(await riscvFirmwareDir(stick.fetched.all?.['qemu-efi-riscv64']));

before(async () => {
  await mkdir(artifacts, { recursive: true });
});

after(() => {
  const lines = [
    `stick: ${stick.image} (composed by the CLI in ${stick.composeSeconds.toFixed(1)} s)`,
    stick.report.trim(),
    '',
    `${'boot'.padEnd(32)} ${'firmware'.padEnd(28)} ${'result'.padEnd(6)} seconds`,
    ...results.map(
      (r) =>
        `${r.name.padEnd(32)} ${r.firmware.padEnd(28)} ${(r.run.passed ? 'ok' : 'FAIL').padEnd(6)} ${r.run.seconds.toFixed(1)}${r.run.reason ? `  ${r.run.reason}` : ''}`,
    ),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
});

// Two boots at a time: the machine has two cores, and QEMU without KVM keeps one busy.
describe('the composed stick boots to its init', { concurrency: 2 }, () => {
  for (const bootCase of cases) {
    test(bootCase.name, async () => {
      const scratch = await mkdtemp(join(work, 'case-'));
      const log = join(scratch, 'serial.log');
      const run = await runQemu(
        bootCase.command(stick.image, log, scratch),
        log,
        bootCase.arch,
        limitSeconds,
      );
      results.push({ name: bootCase.name, firmware: bootCase.firmware, run });
      if (!run.passed) {
        const kept = join(artifacts, `${bootCase.name.replace(/[^a-z0-9]+/gi, '-')}.log`);
        await writeFile(kept, run.log);
        assert.fail(`${bootCase.name}: ${run.reason}; serial log kept in ${kept}`);
      }
    });
  }
});
