// The rpi boot method: config.txt, command lines, kernel, initramfs and device trees for Raspberry Pi boards.

import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { appError, fail, ok, type Result } from '../../../contract';
import type { ExtraFile } from '../../image/compose';
import { kernelCmdline } from '../cmdline';
import { readInput } from '../input-file';
import type { KernelSource } from '../kernel-source';
import { inputLimits } from '../limits';
import { rpiCmdlineFiles, rpiConfigTxt, rpiInitrdName, rpiKernelName } from './config';
import { rpiFirmwareFiles } from './firmware';
import { rpiFolder, rpiLabel, rpiModelInfo, rpiModels, type RpiModel } from './models';

export interface RpiRequest {
  kernel: KernelSource;
  /** What the user passed as the arm64 kernel, for messages. */
  given: string;
  initrd?: Uint8Array;
  partUuid: string;
  /** Already checked by core/boot/kernel-arguments.ts. */
  append?: string;
  verbose?: boolean;
  /** Default: every model. */
  models?: readonly RpiModel[];
  /** The raspi-firmware .deb; without it only the Pi 5 (firmware in EEPROM) can start. */
  firmware?: string;
}

export interface RpiPlan {
  files: ExtraFile[];
  models: RpiModel[];
  /** Lines for the command's report: models that cannot start from this stick yet, and why. */
  notes: string[];
}

const refuse = (detail: string, hint: string) => fail<never>(appError('E_KERNEL_INVALID', detail, { hint }));

/** The kernel's broadcom device-tree folder: usr/lib/linux-image-<version>/broadcom beside its /boot. */
async function deviceTreeFolder(kernel: KernelSource): Promise<{ dir: string; names: string[] } | undefined> {
  if (!kernel.version) return undefined;
  const top = dirname(dirname(kernel.path));
  for (const lib of ['usr/lib', 'lib']) {
    const dir = join(top, lib, `linux-image-${kernel.version}`, 'broadcom');
    const names = await readdir(dir).catch(() => undefined);
    if (names) return { dir, names: names.sort() };
  }
  return undefined;
}

/** Whether the kernel can reach the Pi 5's SD card (sdhci-brcmstb): its config beside it says. */
async function pi5CardDriver(kernel: KernelSource): Promise<boolean | undefined> {
  if (!kernel.version) return undefined;
  const config = await readInput(
    join(dirname(kernel.path), `config-${kernel.version}`),
    'kernel config',
    inputLimits.textBytes,
  );
  if (!config.ok) return undefined;
  return /^CONFIG_MMC_SDHCI_BRCMSTB=[ym]$/m.test(Buffer.from(config.value).toString('utf8'));
}

/** Checks the kernel, device trees and firmware for the chosen models and lays out their files. */
export async function prepareRpi(request: RpiRequest): Promise<Result<RpiPlan>> {
  const models = rpiModels.filter((m) => (request.models ?? rpiModels).includes(m));
  const { kernel, given } = request;
  const label = rpiLabel(models);
  if (kernel.info.format !== 'arm64-image')
    return refuse(
      `${given} is ${kernel.info.format === 'efi-zboot' ? 'a compressed EFI (zboot) kernel' : `a ${kernel.info.arch} kernel`}; the ${label} firmware starts only a plain 64-bit arm64 Image.`,
      "Use Debian's linux-image-arm64 package, or arch/arm64/boot/Image from a kernel build.",
    );
  const trees = await deviceTreeFolder(kernel);
  if (!trees)
    return refuse(
      `${given} comes without the device trees the ${label} need (usr/lib/linux-image-<version>/broadcom/ in the kernel package).`,
      'Pass the whole linux-image-<version>-arm64 .deb, which carries them, instead of the kernel file alone.',
    );
  const files: ExtraFile[] = [];
  for (const model of models) {
    const info = rpiModelInfo[model];
    if (!trees.names.includes(info.mainDeviceTree))
      return refuse(
        `${given} has no device tree for the ${info.label} (${info.mainDeviceTree} in ${basename(dirname(trees.dir))}/broadcom): this kernel does not support that board.`,
        `Use a kernel that does (Debian trixie's linux-image-arm64 has the Raspberry Pi 3, 4 and 5), or leave the ${info.label} out: --rpi-models ${models.filter((m) => m !== model).join(',') || '<models>'}.`,
      );
    for (const name of trees.names.filter((n) => info.deviceTrees.test(n)))
      files.push({ path: `/${rpiFolder}/${name}`, source: join(trees.dir, name) });
  }
  const notes: string[] = [];
  const needFirmware = models.filter((m) => rpiModelInfo[m].firmware.length > 0);
  if (request.firmware) {
    const firmware = await rpiFirmwareFiles(request.firmware, needFirmware);
    if (!firmware.ok) return firmware;
    files.push(...firmware.value);
  } else if (needFirmware.length > 0) {
    notes.push(
      `the ${rpiLabel(needFirmware)} need their boot firmware on the stick (${needFirmware.map((m) => rpiModelInfo[m].firmware.join(', ')).join('; ')}): pass --firmware rpi=raspi-firmware_<version>_all.deb` +
        (models.includes('5') ? '; the Raspberry Pi 5 keeps its firmware in EEPROM and starts as it is' : ''),
    );
  }
  if (models.includes('5') && (await pi5CardDriver(kernel)) === false)
    notes.push(
      "this kernel has no driver for the Raspberry Pi 5's SD card (CONFIG_MMC_SDHCI_BRCMSTB) or USB ports (RP1): the Pi 5 starts it, but stage-0 will not find the root",
    );
  files.push({ path: '/config.txt', data: text(rpiConfigTxt(models, request.initrd !== undefined)) });
  for (const cmdline of rpiCmdlineFiles(models)) {
    const line = kernelCmdline({
      arch: 'arm64',
      partUuid: request.partUuid,
      initramfs: request.initrd !== undefined,
      serial: cmdline.console,
      ...(request.append ? { append: request.append } : {}),
      ...(request.verbose ? { verbose: true } : {}),
    });
    // The firmware takes the first line of the file as the command line.
    if (!/^[\x20-\x7e]*$/.test(line)) throw new Error(`cmdline.txt cannot carry ${JSON.stringify(line)}`);
    files.push({ path: `/${rpiFolder}/${cmdline.name}`, data: text(`${line}\n`) });
  }
  files.push({ path: `/${rpiFolder}/${rpiKernelName}`, source: kernel.path });
  if (request.initrd) files.push({ path: `/${rpiFolder}/${rpiInitrdName}`, data: request.initrd });
  return ok({ files, models, notes });
}

const text = (value: string) => new TextEncoder().encode(value);
