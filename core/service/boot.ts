// Handlers for boot choices: checking a kernel for an architecture before anything is composed.

import { ok, type Handlers, type KernelDTO } from '../../contract';
import { resolveKernel } from '../boot/kernel-source';
import type { ServiceContext } from './context';

export const bootHandlers = (_context: ServiceContext): Pick<Handlers, 'kernelInspect'> => ({
  kernelInspect: async ({ arch, path }) => {
    const resolved = await resolveKernel(arch, path);
    if (!resolved.ok) return resolved;
    const { info, vfat, modules, version } = resolved.value;
    const kernel: KernelDTO = {
      arch,
      path: resolved.value.path,
      format: info.format,
      size: info.size,
      efi: info.efi,
      vfat,
      modules: modules.length,
      ...(version ? { version } : {}),
    };
    return ok(kernel);
  },
});
