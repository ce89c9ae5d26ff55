// Builds the gzipped initramfs: the stage-0 init for an architecture plus the modules it loads, in order.

import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { ok, type Result } from '../../contract';
import type { GoArch } from '../../contract/boot';
import { writeCpio, type CpioEntry } from './cpio';
import { buildGo, goSource } from './go-build';
import type { LoadedModule } from './packages/modules';

/** Must match orderFile in resources/go/stage0/main.go. */
const orderFile = 'lib/modules/load-order';

export async function buildInitramfs(
  arch: GoArch,
  modules: LoadedModule[],
  options: { cacheRoot?: string } = {},
): Promise<Result<Uint8Array>> {
  const stage0 = await buildGo(
    goSource('stage0'),
    arch,
    options.cacheRoot ? { cacheRoot: options.cacheRoot } : {},
  );
  if (!stage0.ok) return stage0;
  const entries: CpioEntry[] = [
    { path: 'dev', kind: 'dir' },
    // Without /dev/console the kernel starts init with no stdin/stdout and nothing reaches the screen.
    { path: 'dev/console', kind: 'char', major: 5, minor: 1 },
    { path: 'proc', kind: 'dir' },
    { path: 'sys', kind: 'dir' },
    { path: 'newroot', kind: 'dir' },
    { path: 'lib', kind: 'dir' },
    { path: 'lib/modules', kind: 'dir' },
    { path: 'init', kind: 'file', data: new Uint8Array(await readFile(stage0.value)), mode: 0o755 },
  ];
  for (const module of modules)
    entries.push({ path: `lib/modules/${module.name}.ko`, kind: 'file', data: module.data });
  const order = modules.map((m) => `/lib/modules/${m.name}.ko`).join('\n');
  entries.push({ path: orderFile, kind: 'file', data: new TextEncoder().encode(`${order}\n`) });
  return ok(new Uint8Array(gzipSync(writeCpio(entries), { level: 6 })));
}
