// The boot flags of flash, compose, workshop and root publish (--kernel, --boot, --append, --efi-stub,
// --firmware, --rpi-models): their help text, their parsing into a BootRequest, and the summary printed.

import { bootMethodNames, isGoArch, type BootMethod, type GoArch } from '../contract/boot';
import type { BootPlan, BootRequest } from '../core/boot/prepare';
import { isRpiModel, type RpiModel } from '../core/boot/rpi/models';

/** Option specs for node:util parseArgs. */
export const bootArgOptions = {
  kernel: { type: 'string', multiple: true },
  boot: { type: 'string' },
  append: { type: 'string' },
  'efi-stub': { type: 'string', multiple: true },
  firmware: { type: 'string', multiple: true },
  'rpi-models': { type: 'string' },
  'boot-verbose': { type: 'boolean' },
} as const;

export const bootHelp = `Boot options (make the stick bootable; without --kernel the stick only holds files):
  --kernel ARCH=FILE  a kernel for amd64, arm64 or riscv64: the kernel file (bzImage, Image, EFI
                      zboot) or its Debian package (linux-image-*.deb). Repeat per architecture.
                      VFAT as a module (Debian's kernels) gets a small initramfs that loads it.
  --boot LIST         boot methods, comma-separated: bios (syslinux, amd64), uefi (unified kernel
                      images in /EFI/BOOT), uboot (/boot.scr for arm64/riscv64 boards), rpi
                      (Raspberry Pi 3, 4 and 5: config.txt and /rpi, needs the arm64 .deb).
                      Default: bios, uefi and uboot, as far as the kernels allow.
  --append ARGS       words added to every kernel command line (after console=..., quiet)
  --efi-stub ARCH=F   systemd's EFI stub (linux*.efi.stub or a systemd-boot-efi .deb) for ARCH,
                      when it is not installed on this machine
  --firmware rpi=F    the Raspberry Pi boot firmware: Debian's raspi-firmware .deb (the Pi 3 and 4
                      need it; the Pi 5 has its firmware in EEPROM)
  --rpi-models LIST   the Raspberry Pi models rpi serves, comma-separated from 3, 4, 5 (default all)
  --boot-verbose      leave "quiet" off the kernel command lines`;

export interface BootArgValues {
  kernel?: string[];
  boot?: string;
  append?: string;
  'efi-stub'?: string[];
  firmware?: string[];
  'rpi-models'?: string;
  'boot-verbose'?: boolean;
}

/** --firmware BOARD=FILE: only rpi has firmware on the stick. */
function firmwareOf(values: string[]): { rpi?: string } | string {
  const out: { rpi?: string } = {};
  for (const value of values) {
    const match = /^rpi=(.+)$/.exec(value);
    if (!match?.[1]) return `--firmware takes rpi=FILE (the raspi-firmware .deb), not "${value}"`;
    if (out.rpi) return '--firmware rpi= is given twice';
    out.rpi = match[1];
  }
  return out;
}

function rpiModelsOf(value: string): RpiModel[] | string {
  const models = value
    .split(',')
    .map((m) => m.trim().replace(/^pi/i, ''))
    .filter(Boolean);
  const bad = models.find((m) => !isRpiModel(m));
  if (bad !== undefined || models.length === 0) return `--rpi-models takes a list of 3, 4, 5, not "${value}"`;
  return [...new Set(models)] as RpiModel[];
}

function pairs(values: string[], flag: string): Partial<Record<GoArch, string>> | string {
  const out: Partial<Record<GoArch, string>> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const arch = value.slice(0, eq);
    if (eq < 1 || !isGoArch(arch) || eq === value.length - 1) {
      return `${flag} takes ARCH=FILE with ARCH one of amd64, arm64, riscv64, not "${value}"`;
    }
    if (out[arch]) return `${flag} ${arch}= is given twice`;
    out[arch] = value.slice(eq + 1);
  }
  return out;
}

/** The request, nothing when no boot option was given, or a usage message. */
export function bootRequestFromArgs(
  values: BootArgValues,
  resolvePath: (p: string) => string,
): { request?: BootRequest; usage?: string } {
  const kernels = pairs(values.kernel ?? [], '--kernel');
  if (typeof kernels === 'string') return { usage: kernels };
  const stubs = pairs(values['efi-stub'] ?? [], '--efi-stub');
  if (typeof stubs === 'string') return { usage: stubs };
  if (Object.keys(kernels).length === 0) {
    const stray = ['boot', 'append', 'efi-stub', 'firmware', 'rpi-models'].find(
      (k) => values[k as keyof BootArgValues] !== undefined,
    );
    return stray ? { usage: `--${stray} needs at least one --kernel ARCH=FILE` } : {};
  }
  const request: BootRequest = { kernels: {}, efiStubs: {} };
  for (const [arch, path] of Object.entries(kernels)) request.kernels[arch as GoArch] = resolvePath(path);
  for (const [arch, path] of Object.entries(stubs))
    (request.efiStubs ??= {})[arch as GoArch] = resolvePath(path);
  if (values.boot !== undefined) {
    const methods = values.boot
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean);
    const bad = methods.find((m) => !(bootMethodNames as readonly string[]).includes(m));
    if (bad || methods.length === 0)
      return { usage: `--boot takes a list of ${bootMethodNames.join(', ')}, not "${values.boot}"` };
    request.methods = methods as BootMethod[];
  }
  if (values.append !== undefined) request.append = values.append;
  if (values['boot-verbose']) request.verbose = true;
  const firmware = firmwareOf(values.firmware ?? []);
  if (typeof firmware === 'string') return { usage: firmware };
  const models = values['rpi-models'] === undefined ? undefined : rpiModelsOf(values['rpi-models']);
  if (typeof models === 'string') return { usage: models };
  if ((firmware.rpi || models) && !request.methods?.includes('rpi'))
    return {
      usage: `--${firmware.rpi ? 'firmware rpi=' : 'rpi-models'} is for the rpi boot method: add rpi to --boot (e.g. --boot uboot,rpi)`,
    };
  if (firmware.rpi) request.firmware = { rpi: resolvePath(firmware.rpi) };
  if (models) request.rpiModels = models;
  return { request };
}

/** One line per architecture for the command's report: what boots it, and the sizes built. */
export function bootSummary(plan: BootPlan): string {
  const mb = (bytes?: number) => (bytes === undefined ? '' : `${(bytes / 1e6).toFixed(1)} MB`);
  const lines = plan.artifacts.map((a) => {
    const parts = [
      `${a.arch}: ${a.kernel}`,
      a.vfat === 'module'
        ? `initramfs ${mb(a.initramfsBytes)} (${a.modules} modules)`
        : `VFAT ${a.vfat === 'builtin' ? 'built in' : 'assumed built in (no config found)'}`,
    ];
    if (a.ukiBytes !== undefined) parts.push(`UKI ${mb(a.ukiBytes)}`);
    return `  ${parts.join(', ')}`;
  });
  const notes = plan.notes.map((note) => `  note: ${note}\n`).join('');
  return `boot: ${plan.methods.join(', ')}\n${lines.join('\n')}\n${notes}`;
}
