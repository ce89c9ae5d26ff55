// Plans the boot files of a stick: from kernels and boot methods to extra files plus a post-layout installer.

import { randomBytes } from 'node:crypto';
import { appError, fail, ok, type Result } from '../../contract';
import {
  defaultBootMethods,
  goArchs,
  methodAllowed,
  ubootArchs,
  type BootMethod,
  type GoArch,
} from '../../contract/boot';
import type { Composition, ExtraFile } from '../image/compose';
import { efiBootName } from './arch';
import { kernelCmdline } from './cmdline';
import { checkKernelArguments } from './kernel-arguments';
import { findEfiStub } from './efi-stub';
import { buildInitramfs } from './initramfs';
import { readInput } from './input-file';
import { resolveKernel, type KernelSource } from './kernel-source';
import { initrdPath, kernelPath } from './stick-paths';
import { inputLimits } from './limits';
import { syslinuxConfig } from './syslinux/cfg';
import { installSyslinux, syslinuxFiles } from './syslinux/install';
import { loadSyslinuxPayload, payloadExists, type SyslinuxPayload } from './syslinux/payload';
import { prepareSyslinuxPayload } from './syslinux/prepare';
import { prepareRpi } from './rpi/prepare';
import { rpiLabel, rpiModels, type RpiModel } from './rpi/models';
import { ubootScriptImage, ubootScriptText, type UbootEntry } from './uboot-script';
import { assembleUki, ukiSections } from './uki';

export interface BootRequest {
  /** Kernel file or linux-image .deb per architecture. */
  kernels: Partial<Record<GoArch, string>>;
  /** Default: every method the given kernels allow. */
  methods?: BootMethod[];
  /** Words appended to every kernel command line. */
  append?: string;
  /** systemd-boot-efi stub file or .deb per architecture (default: host, then the cache). */
  efiStubs?: Partial<Record<GoArch, string>>;
  /** rpi: the boards to serve (default: every model). */
  rpiModels?: RpiModel[];
  /** Boot firmware packages: rpi = Debian's raspi-firmware .deb (the Pi 3 and 4 need it). */
  firmware?: { rpi?: string };
  diskSignature?: number;
  payloadDir?: string;
  verbose?: boolean;
}

export interface BootArtifact {
  arch: GoArch;
  kernel: string;
  vfat: KernelSource['vfat'];
  initramfsBytes?: number;
  ukiBytes?: number;
  modules: number;
}

export interface BootPlan {
  /** Pass to compose() as is, with `diskSignature`. */
  extraFiles: ExtraFile[];
  diskSignature: number;
  methods: BootMethod[];
  artifacts: BootArtifact[];
  /** What the user should know: boards this stick cannot start yet, and why. */
  notes: string[];
  /** Call once on the composition, before writing it. */
  install(composition: Composition): void;
}

function methodsFor(request: BootRequest, archs: GoArch[]): Result<BootMethod[]> {
  const allowed = (m: BootMethod) => methodAllowed(m, archs);
  if (!request.methods) return ok(defaultBootMethods.filter(allowed));
  const refused = request.methods.find((m) => !allowed(m));
  if (refused) {
    const need =
      refused === 'bios'
        ? 'an amd64 kernel'
        : refused === 'rpi'
          ? 'a 64-bit arm64 kernel'
          : 'an arm64 or riscv64 kernel';
    const what = refused === 'rpi' ? `rpi (${rpiLabel(request.rpiModels ?? rpiModels)})` : refused;
    return fail(
      appError('E_KERNEL_INVALID', `Boot method ${what} needs ${need}, and none was given.`, {
        hint: `Add --kernel with ${need}, or leave ${refused} out of --boot.`,
      }),
    );
  }
  return ok([...new Set(request.methods)]);
}

/** The syslinux payload; prepared from the installed syslinux the first time (a one-off set-up step). */
async function syslinuxPayload(dir?: string): Promise<Result<SyslinuxPayload>> {
  if (!(await payloadExists(dir))) {
    const prepared = await prepareSyslinuxPayload(dir ? { dir } : {});
    if (!prepared.ok) return prepared;
  }
  return loadSyslinuxPayload(dir);
}

/** Checks every input and builds every boot file in memory; nothing is written here. */
export async function prepareBoot(request: BootRequest): Promise<Result<BootPlan>> {
  const archs = goArchs.filter((a) => request.kernels[a] !== undefined);
  if (archs.length === 0)
    return fail(
      appError('E_KERNEL_INVALID', 'No kernel was given.', {
        hint: 'Pass --kernel <arch>=<file or .deb> for at least one of amd64, arm64, riscv64.',
      }),
    );
  const methods = methodsFor(request, archs);
  if (!methods.ok) return methods;
  // Before any kernel or package is read: the arguments go verbatim into every boot file below.
  const append = checkKernelArguments(request.append, methods.value);
  if (!append.ok) return append;
  const payload = methods.value.includes('bios') ? await syslinuxPayload(request.payloadDir) : undefined;
  if (payload && !payload.ok) return payload;
  const diskSignature = request.diskSignature ?? randomBytes(4).readUInt32LE(0);
  const partUuid = `${diskSignature.toString(16).padStart(8, '0')}-01`;

  const extraFiles: ExtraFile[] = [];
  const artifacts: BootArtifact[] = [];
  const notes: string[] = [];
  const rpi = methods.value.includes('rpi');
  const uboot: UbootEntry[] = [];
  for (const arch of archs) {
    const given = request.kernels[arch] as string;
    const source = await resolveKernel(arch, given);
    if (!source.ok) {
      if (!rpi || arch !== 'arm64') return source;
      const models = rpiLabel(request.rpiModels ?? rpiModels);
      return fail({
        ...source.error,
        detail: `${source.error.detail} (It is the kernel the ${models} would start.)`,
      });
    }
    const kernel = source.value;
    const needsInitramfs = kernel.vfat === 'module';
    const initramfs = needsInitramfs ? await buildInitramfs(arch, kernel.modules) : undefined;
    if (initramfs && !initramfs.ok) return initramfs;
    const initrd = initramfs?.value;
    const cmdline = kernelCmdline({
      arch,
      partUuid,
      initramfs: needsInitramfs,
      ...(append.value ? { append: append.value } : {}),
      verbose: request.verbose,
    });
    const artifact: BootArtifact = {
      arch,
      kernel: kernel.path,
      vfat: kernel.vfat,
      modules: kernel.modules.length,
    };
    if (initrd) artifact.initramfsBytes = initrd.length;
    const loose =
      (arch === 'amd64' && methods.value.includes('bios')) ||
      (ubootArchs.includes(arch) && methods.value.includes('uboot'));
    if (loose) {
      extraFiles.push({ path: kernelPath(arch), source: kernel.path });
      if (initrd) extraFiles.push({ path: initrdPath(arch), data: initrd });
    }
    if (arch === 'amd64' && payload?.ok)
      extraFiles.push(...syslinuxFiles(payload.value, syslinuxConfig(cmdline, needsInitramfs)));
    if (ubootArchs.includes(arch)) uboot.push({ arch, cmdline, initramfs: needsInitramfs });
    if (arch === 'arm64' && rpi) {
      const pi = await prepareRpi({
        kernel,
        given,
        partUuid,
        ...(initrd ? { initrd } : {}),
        ...(append.value ? { append: append.value } : {}),
        ...(request.verbose ? { verbose: true } : {}),
        ...(request.rpiModels ? { models: request.rpiModels } : {}),
        ...(request.firmware?.rpi ? { firmware: request.firmware.rpi } : {}),
      });
      if (!pi.ok) return pi;
      extraFiles.push(...pi.value.files);
      notes.push(...pi.value.notes);
    }
    if (methods.value.includes('uefi')) {
      const stub = await findEfiStub(arch, request.efiStubs?.[arch]);
      if (!stub.ok) return stub;
      const kernelBytes = await readInput(kernel.path, 'kernel', inputLimits.kernelBytes);
      if (!kernelBytes.ok) return kernelBytes;
      const uki = assembleUki(
        stub.value.data,
        ukiSections(kernelBytes.value, cmdline, initrd),
        stub.value.path,
      );
      if (!uki.ok) return uki;
      extraFiles.push({ path: `/EFI/BOOT/${efiBootName[arch]}`, data: uki.value });
      artifact.ukiBytes = uki.value.length;
    }
    artifacts.push(artifact);
  }
  if (methods.value.includes('uboot'))
    extraFiles.push({ path: '/boot.scr', data: ubootScriptImage(ubootScriptText(uboot)) });
  return ok({
    extraFiles,
    diskSignature,
    methods: methods.value,
    artifacts,
    notes,
    install(composition) {
      if (payload?.ok) installSyslinux(composition, payload.value);
    },
  });
}
