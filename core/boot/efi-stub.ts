// Finds systemd's EFI stub for an architecture: a given file or .deb, the host's, or one fetched into the cache.

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { appError, fail, ok, type Result } from '../../contract';
import type { GoArch } from '../../contract/boot';
import { efiStubName } from './arch';
import { cacheDir } from '../cache-dir';
import { unpackDeb } from './packages/deb';
import { readInput } from './input-file';
import { inputLimits } from './limits';

const stubDir = 'usr/lib/systemd/boot/efi';
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );
const debArch: Record<GoArch, string> = { amd64: 'amd64', arm64: 'arm64', riscv64: 'riscv64' };

async function cachedDebs(arch: GoArch): Promise<string[]> {
  const root = cacheDir('kernels');
  const found: string[] = [];
  for (const dir of await readdir(root).catch(() => [] as string[])) {
    for (const file of await readdir(join(root, dir)).catch(() => [] as string[])) {
      if (file.startsWith('systemd-boot-efi_') && file.endsWith(`_${debArch[arch]}.deb`))
        found.push(join(root, dir, file));
    }
  }
  return found;
}

async function fromDeb(deb: string, arch: GoArch): Promise<Result<string>> {
  const unpacked = await unpackDeb(deb);
  if (!unpacked.ok) return unpacked;
  const path = join(unpacked.value, stubDir, efiStubName[arch]);
  if (await exists(path)) return ok(path);
  return fail(
    appError('E_BOOT_PAYLOAD', `${deb} holds no ${stubDir}/${efiStubName[arch]}.`, {
      hint: `Pass the systemd-boot-efi package for ${arch}.`,
    }),
  );
}

/** The stub's bytes; `given` may be the stub file or a systemd-boot-efi .deb. */
export async function findEfiStub(
  arch: GoArch,
  given?: string,
): Promise<Result<{ path: string; data: Uint8Array }>> {
  let path: string | undefined;
  if (given) {
    const resolved = given.endsWith('.deb') ? await fromDeb(given, arch) : ok(given);
    if (!resolved.ok) return resolved;
    path = resolved.value;
  } else if (await exists(join('/', stubDir, efiStubName[arch]))) {
    path = join('/', stubDir, efiStubName[arch]);
  } else {
    const deb = (await cachedDebs(arch))[0];
    if (deb) {
      const resolved = await fromDeb(deb, arch);
      if (!resolved.ok) return resolved;
      path = resolved.value;
    }
  }
  if (!path) {
    return fail(
      appError('E_BOOT_PAYLOAD', `systemd's EFI stub for ${arch} (${efiStubName[arch]}) was not found.`, {
        hint: `Run \`apt-get download systemd-boot-efi:${debArch[arch]}\` and pass it with --efi-stub ${arch}=<file.deb>, or leave uefi out of --boot.`,
      }),
    );
  }
  const data = await readInput(path, 'EFI stub', inputLimits.stubBytes, 'E_BOOT_PAYLOAD');
  if (!data.ok) return data;
  return ok({ path, data: data.value });
}
