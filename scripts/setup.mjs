#!/usr/bin/env node
// Installs what the project needs, idempotently: npm packages, then the Debian packages of a test tier,
// then checks that every program the tier runs is really there. A second run installs nothing.
// Usage: node scripts/setup.mjs [--tier default|slow|boot|root|package|bench] [--check]
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tierArg = process.argv.includes('--tier')
  ? process.argv[process.argv.indexOf('--tier') + 1]
  : 'default';

/**
 * What each tier's tests run, as [program on PATH or absolute file, Debian package]. Every tier includes
 * the default one. A fresh machine of this kind has git, xz-utils, zstd, util-linux, mount, e2fsprogs,
 * binutils, dpkg and curl already; they are listed anyway, so a machine without them is told.
 */
const needs = {
  default: [
    ['chromium', 'chromium'], // the browser e2e tier
    ['mkfs.fat', 'dosfstools'], // fsck.fat and mkfs.fat judge our FAT32 images
    ['fsck.fat', 'dosfstools'],
    ['mdir', 'mtools'],
    ['mcopy', 'mtools'],
    ['sfdisk', 'fdisk'],
    ['losetup', 'mount'],
    ['xz', 'xz-utils'],
    ['zstd', 'zstd'],
    ['cpio', 'cpio'],
    ['git', 'git'], // root sources are git repositories
    ['go', 'golang-go'], // root builds, the stage-0 initramfs and command stubs
    ['dpkg-deb', 'dpkg'],
    ['dpkg-scanpackages', 'dpkg-dev'], // the local apt repository the apt kernel tests serve
    ['apt-get', 'apt'], // Debian kernels through a private apt state (core/boot/packages/apt-*.ts)
    ['minisign', 'minisign'], // the independent judge of our channel signatures
    ['objcopy', 'binutils'],
    ['mkimage', 'u-boot-tools'], // boot.scr is compared with mkimage's own
    ['syslinux', 'syslinux'], // the syslinux payload is prepared from Debian's installer
    ['/usr/lib/syslinux/mbr/mbr.bin', 'syslinux-common'],
    ['/usr/lib/syslinux/modules/bios/ldlinux.c32', 'syslinux-common'],
    ['/usr/lib/systemd/boot/efi/linuxx64.efi.stub', 'systemd-boot-efi'], // UKIs
    ['qemu-system-x86_64', 'qemu-system-x86'], // the channel e2e boots its flashed image (e2e/browser/channel.spec.ts)
  ],
  // loop devices, mounts and the privileged writer as a child
  slow: [
    ['mkfs.ext4', 'e2fsprogs'],
    ['fsfreeze', 'util-linux'],
    ['script', 'bsdutils'],
    ['qemu-system-x86_64', 'qemu-system-x86'],
    ['/usr/share/go-1.19/src/runtime/proc.go', 'golang-1.19-src'], // the host GOROOT's sources
  ],
  // boots composed sticks in QEMU on three architectures
  boot: [
    ['qemu-system-x86_64', 'qemu-system-x86'],
    ['qemu-system-aarch64', 'qemu-system-arm'],
    ['qemu-system-riscv64', 'qemu-system-misc'],
    ['/usr/share/qemu-efi-aarch64/QEMU_EFI.fd', 'qemu-efi-aarch64'],
    ['/usr/share/OVMF/OVMF_CODE_4M.fd', 'ovmf'],
    ['/usr/lib/u-boot/qemu_arm64/u-boot.bin', 'u-boot-qemu'],
    ['/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf', 'u-boot-qemu'],
    ['/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin', 'opensbi'],
    ['modinfo', 'kmod'],
    ['busybox', 'busybox-static'],
    ['mtype', 'mtools'], // the Raspberry Pi case reads config.txt and cmdline.txt off the stick
  ],
  // builds real roots offline from Debian's Go (and the u-root release) and boots them in QEMU on three
  // architectures: x86_64 through SeaBIOS + syslinux, arm64 and riscv64 through U-Boot
  root: [
    ['qemu-system-x86_64', 'qemu-system-x86'],
    ['qemu-system-aarch64', 'qemu-system-arm'],
    ['qemu-system-riscv64', 'qemu-system-misc'],
    ['/usr/lib/u-boot/qemu_arm64/u-boot.bin', 'u-boot-qemu'],
    ['/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf', 'u-boot-qemu'],
    ['/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin', 'opensbi'],
  ],
  // installs the packed package into an empty prefix and runs it from there
  package: [],
  bench: [
    ['hyperfine', 'hyperfine'],
    ['busybox', 'busybox-static'],
  ],
};

if (!(tierArg in needs)) {
  process.stderr.write(`setup: no tier named ${tierArg}; the tiers are ${Object.keys(needs).join(', ')}\n`);
  process.exit(2);
}
const wanted = [...needs.default, ...(tierArg === 'default' ? [] : needs[tierArg])];

function log(message) {
  process.stdout.write(`setup: ${message}\n`);
}

function npmInstall() {
  const lock = join(root, 'package-lock.json');
  const marker = join(root, 'node_modules', '.package-lock.json');
  const fresh = existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh) return;
  log('installing npm packages (npm ci, without the Electron binary download)');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const executable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

/** Whether a program is on PATH (system folders included: sbin holds mkfs.fat and losetup). */
function present(what) {
  if (what.startsWith('/')) return existsSync(what);
  const path = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  return path.some((dir) => dir && executable(join(dir, what)));
}

function missingDebian(packages) {
  const out = spawnSync('dpkg-query', ['-W', '-f', '${Package} ${db:Status-Status}\n', ...packages], {
    encoding: 'utf8',
  });
  if (out.error) return []; // not a Debian system: the program check below still tells what is missing
  const installed = new Set(
    out.stdout
      .split('\n')
      .filter((line) => line.endsWith(' installed'))
      .map((line) => line.split(' ')[0].split(':')[0]),
  );
  return packages.filter((p) => !installed.has(p));
}

function debianInstall() {
  const packages = [...new Set(wanted.map(([, pkg]) => pkg))];
  const missing = missingDebian(packages);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    log(`these Debian packages are missing; install them as root:\n  sudo sh -c '${command}'`);
    return;
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  });
}

/** Every program of the tier must be there now; otherwise say which, from which package, and stop. */
function checkPrograms() {
  const absent = wanted.filter(([what]) => !present(what));
  if (absent.length === 0) return;
  const packages = [...new Set(absent.map(([, pkg]) => pkg))];
  for (const [what, pkg] of absent) log(`missing: ${what} (Debian package ${pkg})`);
  log(
    `the ${tierArg} tier cannot run without them; install them with\n` +
      `  sudo apt-get install --no-install-recommends ${packages.join(' ')}`,
  );
  process.exit(1);
}

if (!process.argv.includes('--check')) {
  npmInstall();
  debianInstall();
  if (!existsSync(join(root, 'node_modules', 'drivelist', 'build', 'Release', 'drivelist.node'))) {
    log('building drivelist');
    execFileSync('npm', ['rebuild', 'drivelist'], { cwd: root, stdio: 'inherit' });
  }
}
checkPrograms();
