// Builds the boot-test stick: a test root (per-arch marker init) plus Debian kernels, by the real engine.

import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootArchs, type BootArch } from '../../core/boot/arch';
import { composeBootable } from '../../core/boot/compose-bootable';
import { buildGo, goSource } from '../../core/boot/go-build';
import type { BootArtifact } from '../../core/boot/prepare';
import { prepareSyslinuxPayload } from '../../core/boot/syslinux-prepare';
import { writePlanToFile } from '../../core/image/stream';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Fetched {
  kernel?: string;
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

/** A tree with /linux_<arch>/bin/init = the marker-printing test init, for every arch. */
export async function testRoot(): Promise<string> {
  const tree = await mkdtemp(join(tmpdir(), 'sourcery-boot-root-'));
  for (const arch of bootArchs) {
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
  artifacts: BootArtifact[];
  fetched: Record<string, Fetched>;
  composeSeconds: number;
}

export async function buildTestStick(dir: string): Promise<TestStick> {
  const fetched = fetchKernels();
  const payload = await prepareSyslinuxPayload({ dir: join(dir, 'syslinux-payload') });
  if (!payload.ok) throw new Error(payload.error.detail);
  const tree = await testRoot();
  const kernels: Partial<Record<BootArch, string>> = {};
  const efiStubs: Partial<Record<BootArch, string>> = {};
  for (const arch of bootArchs) {
    const entry = fetched[arch];
    if (entry?.kernel) kernels[arch] = entry.kernel;
    if (entry?.['systemd-boot-efi']) efiStubs[arch] = entry['systemd-boot-efi'];
  }
  const started = Date.now();
  const composed = await composeBootable({
    tree,
    boot: { kernels, efiStubs, payloadDir: join(dir, 'syslinux-payload') },
  });
  if (!composed.ok) throw new Error(`${composed.error.detail}\n${composed.error.hint}`);
  const image = join(dir, 'stick.img');
  const written = await writePlanToFile(composed.value.composition.plan, image);
  if (!written.ok) throw new Error(written.error.detail);
  return {
    image,
    artifacts: composed.value.boot.artifacts,
    fetched,
    composeSeconds: (Date.now() - started) / 1000,
  };
}
