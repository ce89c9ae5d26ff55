// Where boot files live on the stick, shared by every boot method.

import type { BootArch } from './arch';

export const kernelPath = (arch: BootArch) => `/boot/${arch}/vmlinuz`;
export const initrdPath = (arch: BootArch) => `/boot/${arch}/initrd.gz`;
