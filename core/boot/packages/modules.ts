// Picks the modules a stick's initramfs needs and orders them so dependencies load first.

import { readdir } from 'node:fs/promises';
import { fail, ok, type AppError, type Result } from '../../../contract';
import { join } from 'node:path';
import { readModule } from './read-module';
import { readInput } from '../input-file';
import { inputLimits } from '../limits';
import { readModInfo } from './modinfo';

/** Modules that must load (or be built in) for stage-0 to mount the stick. */
export const requiredModules = ['fat', 'vfat', 'nls_cp437', 'nls_utf8'];

/** Disk and bus drivers for the machines sticks boot on; absent ones are skipped. */
export const usefulModules = [
  'nls_iso8859_1',
  'nls_ascii',
  // Raspberry Pi: no symbol ties these to the drivers below, but the Pi 4's SD card needs the GPIO
  // regulator for its voltage and its USB chip needs the firmware reset, so they load first.
  'gpio_regulator',
  'reset_raspberrypi',
  'sd_mod',
  'ata_piix',
  'ahci',
  'virtio_pci',
  'virtio_mmio',
  'virtio_blk',
  'virtio_scsi',
  'usb_storage',
  'uas',
  'xhci_pci',
  'xhci_plat_hcd',
  'ehci_pci',
  'ehci_platform',
  'ohci_pci',
  'uhci_hcd',
  'dwc2', // Raspberry Pi 3's USB host (and the Pi 4's USB-C port)
  'mmc_block',
  'sdhci_pci',
  'bcm2835', // Raspberry Pi 3's SD card (the "sdhost" controller)
  'sdhci_iproc', // Raspberry Pi 3's second SD controller and the Pi 4's SD card (emmc2)
  'sdhci_brcmstb', // Raspberry Pi 5's SD card, in kernels that build it
  'nvme',
];

export interface LoadedModule {
  name: string;
  /** Decompressed ELF bytes, ready for finit_module. */
  data: Uint8Array;
}

export const moduleName = (file: string) => file.replace(/\.ko(\.(xz|zst|gz))?$/, '').replace(/-/g, '_');

async function indexModules(dir: string, into = new Map<string, string>()): Promise<Map<string, string>> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await indexModules(path, into);
    else if (entry.isFile() && /\.ko(\.(xz|zst|gz))?$/.test(entry.name))
      into.set(moduleName(entry.name), path);
  }
  return into;
}

/** Names of modules compiled into the kernel (modules.builtin), normalised like moduleName. */
export async function builtinModules(modulesDir: string): Promise<Set<string>> {
  const read = await readInput(join(modulesDir, 'modules.builtin'), 'modules.builtin', inputLimits.textBytes);
  const text = read.ok ? Buffer.from(read.value).toString('utf8') : '';
  return new Set(
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => moduleName(line.split('/').pop() ?? '')),
  );
}

export interface ModuleSelection {
  modules: LoadedModule[];
  /** Required modules that are neither built in nor in the folder. */
  missing: string[];
}

/** Resolves `wanted` plus their dependencies from a lib/modules/<version> folder, dependencies first. */
export async function selectModules(
  modulesDir: string,
  required = requiredModules,
  useful = usefulModules,
): Promise<Result<ModuleSelection>> {
  const index = await indexModules(join(modulesDir, 'kernel')).catch(() => new Map<string, string>());
  const builtin = await builtinModules(modulesDir);
  const missing = required.filter((name) => !index.has(name) && !builtin.has(name));
  const ordered: LoadedModule[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = async (name: string): Promise<AppError | undefined> => {
    if (state.has(name) || builtin.has(name)) return undefined;
    const path = index.get(name);
    if (!path) return undefined;
    state.set(name, 'visiting');
    const data = await readModule(path);
    if (!data.ok) return data.error;
    for (const dependency of readModInfo(data.value)?.depends ?? []) {
      const failed = await visit(moduleName(dependency));
      if (failed) return failed;
    }
    state.set(name, 'done');
    ordered.push({ name, data: data.value });
    return undefined;
  };
  for (const name of [...required, ...useful]) {
    const failed = await visit(name);
    if (failed) return fail(failed);
  }
  return ok({ modules: ordered, missing });
}
