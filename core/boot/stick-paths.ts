// Where boot files live on the stick, shared by every boot method.

import type { GoArch } from '../../contract/boot';

export const kernelPath = (arch: GoArch) => `/boot/${arch}/vmlinuz`;
export const initrdPath = (arch: GoArch) => `/boot/${arch}/initrd.gz`;
