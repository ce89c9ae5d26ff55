// Installs syslinux for BIOS boot into a composed stick: MBR code, boot sector code, patched ldlinux.sys.

import type { Composition, ExtraFile } from '../../image/compose';
import type { SyslinuxPayload } from './payload';
import { mergeBootSector, patchSyslinux } from './patch';

export const ldlinuxSysPath = '/ldlinux.sys';

/** The files syslinux needs on the stick; ldlinux.sys must be contiguous and in memory (it is patched later). */
export function syslinuxFiles(payload: SyslinuxPayload, config: string): ExtraFile[] {
  return [
    { path: ldlinuxSysPath, data: new Uint8Array(payload.files['ldlinux.sys']), contiguous: true },
    { path: '/ldlinux.c32', data: payload.files['ldlinux.c32'] },
    { path: '/syslinux.cfg', data: new TextEncoder().encode(config) },
  ];
}

/** After layout: patch ldlinux.sys with its own sectors, then write the MBR and boot sector code. */
export function installSyslinux(composition: Composition, payload: SyslinuxPayload): void {
  const partitionSector = composition.partitionOffset / 512;
  const sectors = composition.sectorsOf(ldlinuxSysPath).map((lba) => lba - partitionSector);
  const patched = patchSyslinux(
    { ldlinux: payload.files['ldlinux.sys'], bootSector: payload.files['bootsect.bin'] },
    sectors,
  );
  composition.replaceFileBytes(ldlinuxSysPath, patched.ldlinux);
  composition.setMbrBootCode(payload.files['mbr.bin']);
  composition.updateBootSector((sector) => mergeBootSector(sector, patched.bootSector));
}
