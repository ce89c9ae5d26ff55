// Checks a channel's kernel as it is fetched: of the architecture it is published for, and able to
// read the stick (VFAT). A kernel package is judged by its boot/ files alone; its modules are gathered
// when the kernel is used (the Boot step, compose), as for any kernel, not while the root downloads.

import type { GoArch } from '../../contract';
import { inspectKernelHead } from '../boot/kernel';
import { resolveKernel } from '../boot/kernel-source';
import { readDebBoot } from '../boot/packages/deb-boot';
import { fail, ok, type Result } from '../errors';

/**
 * True when the package's own boot/ files show a kernel for `arch` with VFAT built in or as a
 * module; anything else (another architecture, no VFAT, no boot/ first) is left to resolveKernel,
 * which reads the whole package and names the fault.
 */
async function bootFilesPass(arch: GoArch, file: string): Promise<boolean> {
  const boot = await readDebBoot(file);
  if (!boot.ok || !boot.value.kernel || boot.value.config === undefined) return false;
  const { head, size, name } = boot.value.kernel;
  const info = inspectKernelHead(head, size, name);
  return info.ok && info.value.arch === arch && /^CONFIG_VFAT_FS=[ym]$/m.test(boot.value.config);
}

/** Checks one downloaded kernel; a kernel of another architecture is refused. */
export async function checkChannelKernel(
  arch: GoArch,
  file: string,
  published: string,
): Promise<Result<string>> {
  if (file.endsWith('.deb') && (await bootFilesPass(arch, file))) return ok(file);
  const checked = await resolveKernel(arch, file);
  if (checked.ok) return ok(file);
  return fail({
    ...checked.error,
    detail: `The channel's kernel for ${arch} (${published}) is refused: ${checked.error.detail.replaceAll(file, published)}`,
    hint: 'Nothing was flashed. Ask the organiser to publish a kernel for this architecture again.',
  });
}
