// Builds the boot-test stick: a test root (per-arch marker init) plus Debian kernels, by the real CLI.

import { execFileSync } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goArchs } from '../../contract/boot';
import { buildGo, goSource } from '../../core/boot/go-build';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Fetched {
  kernel?: string;
  'raspi-firmware'?: string;
  'systemd-boot-efi'?: string;
  'qemu-efi-riscv64'?: string;
}

/** Debian kernels and stubs, downloaded once into ~/.cache/sourcery-flasher/kernels. */
export function fetchKernels(): Record<string, Fetched> {
  const out = execFileSync(process.execPath, [join(root, 'scripts', 'fetch-kernels.mjs')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out) as Record<string, Fetched>;
}

/** A tree in `dir`/root with /linux_<arch>/bin/init = the marker-printing test init, for every arch. */
export async function testRoot(dir: string): Promise<string> {
  const tree = join(dir, 'root');
  await mkdir(tree);
  for (const arch of goArchs) {
    const built = await buildGo(goSource('testinit'), arch);
    if (!built.ok) throw new Error(built.error.detail + (built.error.cause ?? ''));
    await mkdir(join(tree, `linux_${arch}`, 'bin'), { recursive: true });
    await copyFile(built.value, join(tree, `linux_${arch}`, 'bin', 'init'));
  }
  for (const dir of ['dev', 'proc', 'tmp', 'etc']) await mkdir(join(tree, dir));
  return tree;
}

export interface TestStick {
  image: string;
  /** The compose command's report (sizes of each initramfs and UKI). */
  report: string;
  fetched: Record<string, Fetched>;
  composeSeconds: number;
}

/** Composes the stick the way a user would: `sourcery-flash compose --kernel ... --out`. */
export async function buildTestStick(dir: string): Promise<TestStick> {
  const fetched = fetchKernels();
  const tree = await testRoot(dir);
  const args = ['--import', 'tsx', join(root, 'cli', 'bin.ts'), 'compose', '--tree', tree];
  for (const arch of goArchs) {
    const entry = fetched[arch];
    if (entry?.kernel) args.push('--kernel', `${arch}=${entry.kernel}`);
    if (entry?.['systemd-boot-efi']) args.push('--efi-stub', `${arch}=${entry['systemd-boot-efi']}`);
    if (entry?.['raspi-firmware']) args.push('--firmware', `rpi=${entry['raspi-firmware']}`);
  }
  const image = join(dir, 'stick.img');
  // A power of two, because QEMU takes only such SD card images (the Raspberry Pi case).
  args.push('--boot', 'bios,uefi,uboot,rpi', '--size', '1G', '--out', image);
  const started = Date.now();
  // Bounded, and killed outright: a CLI that hangs after its work must fail the tier, not stall it.
  const report = execFileSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 10 * 60_000,
    killSignal: 'SIGKILL',
  });
  return { image, report, fetched, composeSeconds: (Date.now() - started) / 1000 };
}
