#!/usr/bin/env node
// Installs what the project needs, idempotently: npm packages, then Debian packages for a tier.
// Usage: node scripts/setup.mjs [--tier default|boot|root|bench] ; a second run installs nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tier = process.argv.includes('--tier') ? process.argv[process.argv.indexOf('--tier') + 1] : 'default';

/** Debian packages per test tier; each tier includes the default one. */
const debianPackages = {
  default: [
    'chromium',
    'dosfstools',
    'mtools',
    'fdisk',
    'util-linux',
    'xz-utils',
    'zstd',
    'cpio',
    // core/boot unit tests compare with these tools' own output
    'syslinux',
    'syslinux-common',
    'u-boot-tools',
    'binutils',
    'systemd-boot-efi',
  ],
  boot: [
    'syslinux',
    'syslinux-common',
    'qemu-system-x86',
    'qemu-system-arm',
    'qemu-system-misc',
    'qemu-efi-aarch64',
    'ovmf',
    'u-boot-qemu',
    'u-boot-tools',
    'opensbi',
    'systemd-boot-efi',
    'golang-go',
    'kmod',
    'busybox-static',
  ],
  // the root tier builds roots with git and go, and boots one in QEMU x86_64 (SeaBIOS + syslinux)
  root: ['golang-go', 'git', 'qemu-system-x86', 'syslinux', 'syslinux-common'],
  bench: ['hyperfine', 'golang-go', 'busybox-static'],
};

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

function missingDebian(packages) {
  const out = spawnSync('dpkg-query', ['-W', '-f', '${Package} ${db:Status-Status}\n', ...packages], {
    encoding: 'utf8',
  });
  if (out.error) return []; // not a Debian system: nothing we can check
  const installed = new Set(
    out.stdout
      .split('\n')
      .filter((line) => line.endsWith(' installed'))
      .map((line) => line.split(' ')[0].split(':')[0]),
  );
  return packages.filter((p) => !installed.has(p));
}

function debianInstall() {
  const wanted = [
    ...new Set([...debianPackages.default, ...(tier === 'default' ? [] : (debianPackages[tier] ?? []))]),
  ];
  const missing = missingDebian(wanted);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
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

npmInstall();
debianInstall();
if (!existsSync(join(root, 'node_modules', 'drivelist', 'build', 'Release', 'drivelist.node'))) {
  log('building drivelist');
  execFileSync('npm', ['rebuild', 'drivelist'], { cwd: root, stdio: 'inherit' });
}
