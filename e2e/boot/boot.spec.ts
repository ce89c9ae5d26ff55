// The boot tier: one stick composed by the engine boots to the test init's marker under every firmware.
// Run: npm run test:boot  (downloads Debian kernels once into ~/.cache/sourcery-flasher/kernels)
// Some cases only (the stick is still composed whole):
//   node --import tsx --test --test-name-pattern='Raspberry|arm64 U-Boot' e2e/boot/boot.spec.ts

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { unpackDeb } from '../../core/boot/packages/deb';
import { kernelCmdline } from '../../core/boot/cmdline';
import { bootCases, directKernelCommand } from './qemu-cases';
import { stickHas } from './rpi-boot';
import { marker, runQemu, runQemuUntil, type BootRun } from './run-qemu';
import { buildTestStick, type TestStick } from './stick';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const artifacts = join(root, 'artifacts', 'boot');
/** Per boot: OVMF takes 25 s on a quiet machine and up to 70 s on a busy one; a hang still ends. */
const limitSeconds = 240;

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

after(async () => {
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
  // The stick and its scratch files go; logs of failed boots were copied to artifacts/boot.
  await rm(work, { recursive: true, force: true });
});

// Two boots at a time: the machine has two cores, and QEMU without KVM keeps one busy.
describe('the composed stick boots to its init', { concurrency: 2 }, () => {
  for (const bootCase of cases) {
    test(bootCase.name, async () => {
      const scratch = await mkdtemp(join(work, 'case-'));
      const log = join(scratch, 'serial.log');
      const command = bootCase.command(stick.image, log, scratch);
      const run = bootCase.halts
        ? await runQemuUntil(command, log, marker(bootCase.arch), limitSeconds)
        : await runQemu(command, log, bootCase.arch, limitSeconds);
      results.push({ name: bootCase.name, firmware: bootCase.firmware, run });
      if (!run.passed) {
        const kept = join(artifacts, `${bootCase.name.replace(/[^a-z0-9]+/gi, '-')}.log`);
        await writeFile(kept, run.log);
        assert.fail(`${bootCase.name}: ${run.reason}; serial log kept in ${kept}`);
      }
    });
  }
});

// Every method's files side by side, and nothing a firmware would find first instead of its own file:
// U-Boot's standard boot tries extlinux/extlinux.conf before boot.scr, so there must be none.
test('the stick holds the files of every method and nothing that shadows one', () => {
  const expected = [
    '/syslinux.cfg',
    '/ldlinux.sys',
    '/boot.scr',
    '/EFI/BOOT/BOOTX64.EFI',
    '/EFI/BOOT/BOOTAA64.EFI',
    '/config.txt',
    '/rpi/cmdline.txt',
    '/rpi/vmlinuz',
    '/boot/arm64/vmlinuz',
  ];
  assert.deepEqual(
    expected.filter((path) => !stickHas(stick.image, path)),
    [],
  );
  for (const shadow of ['/extlinux/extlinux.conf', '/boot/extlinux/extlinux.conf'])
    assert.equal(stickHas(stick.image, shadow), false, `${shadow} is on the stick`);
});

// Stage-0's refusals must reach the console: boot the arm64 kernel and initramfs from the stick
// directly (no firmware) with an init that the stick does not have.
test('stage-0 explains a missing init on the console instead of panicking', async () => {
  const scratch = await mkdtemp(join(work, 'missing-init-'));
  const kernel = join(scratch, 'vmlinuz');
  const initrd = join(scratch, 'initrd.gz');
  execFileSync('mcopy', ['-n', '-i', `${stick.image}@@1048576`, '::/boot/arm64/vmlinuz', kernel]);
  execFileSync('mcopy', ['-n', '-i', `${stick.image}@@1048576`, '::/boot/arm64/initrd.gz', initrd]);
  const partUuid = /root=PARTUUID=(\S+)/.exec(stick.report)?.[1] ?? '';
  const cmdline = kernelCmdline({
    arch: 'arm64',
    partUuid,
    initramfs: true,
    append: 'init=/linux_arm64/bin/missing',
  });
  const log = join(scratch, 'serial.log');
  const expected = 'stage0: FATAL: the stick has no /linux_arm64/bin/missing';
  const run = await runQemuUntil(
    directKernelCommand('arm64', kernel, initrd, cmdline, stick.image, log),
    log,
    expected,
    limitSeconds,
  );
  results.push({ name: 'arm64 stage-0, missing init', firmware: 'direct kernel boot', run });
  if (!run.passed) {
    const kept = join(artifacts, 'arm64-stage0-missing-init.log');
    await writeFile(kept, run.log);
    assert.fail(`${run.reason}; serial log kept in ${kept}`);
  }
});
