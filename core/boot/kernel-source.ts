// Turns what the user passed for an architecture (a kernel file or a .deb) into a checked kernel + modules.

import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { appError, fail, ok, type Result } from '../../contract';
import type { GoArch } from '../../contract/boot';
import { unpackDeb } from './packages/deb';
import { readInput } from './input-file';
import { expectArch, inspectKernel, type KernelInfo } from './kernel';
import { inputLimits } from './limits';
import { selectModules, type LoadedModule } from './packages/modules';

export type VfatSupport = 'builtin' | 'module' | 'absent' | 'unknown';

export interface KernelSource {
  arch: GoArch;
  path: string;
  info: KernelInfo;
  /** "6.1.0-50-amd64", from the file name vmlinuz-<version>, when it has one. */
  version?: string;
  vfat: VfatSupport;
  /** Modules stage-0 loads, dependencies first; empty when VFAT is built in. */
  modules: LoadedModule[];
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** Reads CONFIG_VFAT_FS from the kernel's config file, if one sits beside it. */
async function vfatFromConfig(config: string): Promise<VfatSupport> {
  const read = await readInput(config, 'kernel config', inputLimits.textBytes);
  if (!read.ok) return 'unknown';
  const text = Buffer.from(read.value).toString('utf8');
  const value = /^CONFIG_VFAT_FS=([ym])$/m.exec(text)?.[1];
  return value === 'y' ? 'builtin' : value === 'm' ? 'module' : 'absent';
}

/** /boot/vmlinuz-<v> -> the lib/modules/<v> folder next to it (usr-merged or not), if present. */
async function modulesDirFor(kernel: string, version: string): Promise<string | undefined> {
  const top = dirname(dirname(kernel));
  for (const candidate of [join(top, 'usr/lib/modules', version), join(top, 'lib/modules', version)]) {
    if (await exists(join(candidate, 'kernel'))) return candidate;
  }
  return undefined;
}

async function kernelInPackage(dir: string, name: string): Promise<Result<string>> {
  const files = await readdir(join(dir, 'boot')).catch(() => [] as string[]);
  const kernel = files.find((f) => /^vmlinu[xz]-/.test(f));
  if (kernel) return ok(join(dir, 'boot', kernel));
  return fail(
    appError(
      'E_KERNEL_INVALID',
      `${name} holds no /boot/vmlinuz-* or /boot/vmlinux-*: it is not a kernel image package.`,
      {
        hint: 'Pass the linux-image-<version>-<arch> package (not linux-headers or the metapackage), or the kernel file.',
      },
    ),
  );
}

/** Checks a kernel for `arch` and gathers the modules it needs to mount the stick. */
export async function resolveKernel(
  arch: GoArch,
  given: string,
  options: { cacheRoot?: string } = {},
): Promise<Result<KernelSource>> {
  let path = given;
  if (given.endsWith('.deb')) {
    const unpacked = await unpackDeb(given, options);
    if (!unpacked.ok) return unpacked;
    const found = await kernelInPackage(unpacked.value, given);
    if (!found.ok) return found;
    path = found.value;
  }
  const inspected = await inspectKernel(path);
  if (!inspected.ok) return inspected;
  const checked = expectArch(inspected.value, arch, given);
  if (!checked.ok) return checked;
  const version = /^vmlinu[xz]-(.+)$/.exec(basename(path))?.[1];
  const vfat = version ? await vfatFromConfig(join(dirname(path), `config-${version}`)) : 'unknown';
  const source: KernelSource = { arch, path, info: checked.value, vfat, modules: [] };
  if (version) source.version = version;
  if (vfat === 'absent') {
    return fail(
      appError(
        'E_KERNEL_INVALID',
        `${given} was built without VFAT (CONFIG_VFAT_FS is not set), so it cannot read the stick.`,
        {
          hint: 'Supply a kernel with CONFIG_VFAT_FS=y, or =m together with its modules (the whole linux-image .deb).',
        },
      ),
    );
  }
  if (vfat !== 'module') return ok(source);
  const modulesDir = version ? await modulesDirFor(path, version) : undefined;
  const selected = modulesDir ? await selectModules(modulesDir) : undefined;
  if (selected && !selected.ok) return selected;
  const selection = selected?.value;
  if (!selection || selection.missing.length > 0) {
    const what = selection
      ? selection.missing.join(', ')
      : `the whole lib/modules/${version ?? '<version>'} folder`;
    return fail(
      appError(
        'E_KERNEL_INVALID',
        `${given} has VFAT as a module, but ${what} ${selection ? 'are' : 'is'} missing beside it.`,
        {
          hint: 'Supply the complete linux-image .deb (it carries the modules), or a kernel with VFAT built in (CONFIG_VFAT_FS=y).',
        },
      ),
    );
  }
  source.modules = selection.modules;
  return ok(source);
}
