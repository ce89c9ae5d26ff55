// Takes the Raspberry Pi boot firmware (bootcode.bin, start*.elf, fixup*.dat) from Debian's raspi-firmware .deb.

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { appError, fail, ok, type Result } from '../../../contract';
import type { ExtraFile } from '../../image/compose';
import { unpackDeb } from '../packages/deb';
import { inputLimits } from '../limits';
import { rpiLabel, rpiModelInfo, type RpiModel } from './models';

/** Where raspi-firmware installs the files the boot ROM and EEPROM loaders read. */
const firmwareDir = 'usr/lib/raspi-firmware';

const regularFile = (path: string) =>
  stat(path).then(
    (s) => s.isFile() && s.size > 0 && s.size <= inputLimits.stubBytes,
    () => false,
  );

/**
 * The firmware files the chosen models need, for the partition's root (where the loaders look), or a
 * refusal naming the package and the first model whose files it lacks.
 */
export async function rpiFirmwareFiles(
  packagePath: string,
  models: readonly RpiModel[],
  options: { cacheRoot?: string } = {},
): Promise<Result<ExtraFile[]>> {
  const refuse = (detail: string, hint: string) =>
    fail<ExtraFile[]>(appError('E_KERNEL_INVALID', detail, { hint }));
  const getIt =
    'Pass the raspi-firmware .deb (component non-free-firmware: apt-get download raspi-firmware), as --firmware rpi=raspi-firmware_<version>_all.deb.';
  if (!packagePath.endsWith('.deb'))
    return refuse(
      `${packagePath} is not a Debian package; the ${rpiLabel(models)} firmware is read from raspi-firmware's .deb.`,
      getIt,
    );
  const unpacked = await unpackDeb(packagePath, options);
  if (!unpacked.ok) return unpacked;
  const dir = join(unpacked.value, firmwareDir);
  if (
    !(await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    return refuse(
      `${packagePath} is not the raspi-firmware package: it has no /${firmwareDir}, where the Raspberry Pi boot firmware lives.`,
      getIt,
    );
  const files: ExtraFile[] = [];
  for (const model of models) {
    const { label, firmware } = rpiModelInfo[model];
    const missing: string[] = [];
    for (const name of firmware) {
      const source = join(dir, name);
      if (await regularFile(source)) files.push({ path: `/${name}`, source });
      else missing.push(name);
    }
    if (missing.length > 0)
      return refuse(
        `${packagePath} lacks ${missing.join(', ')} in /${firmwareDir}, which the ${label} needs to start.`,
        `Use a complete raspi-firmware package, or leave the ${label} out (--rpi-models without ${model}).`,
      );
  }
  return ok(files);
}
