// The root tier on real upstream source: a root built from the u-root release in ../shared/data for
// amd64, arm64 and riscv64, composed onto one stick and booted in QEMU on each architecture (x86_64
// SeaBIOS + syslinux; arm64 and riscv64 through U-Boot), where u-root's own ls, cat and gosh are
// compiled on demand (linked from the warm build cache) and run, their output read from the serial console.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoArch, RootManifest } from '../../../contract';
import { bootTest } from '../../qemu/boot-test';
import { buildRoot } from './build-root';

const project = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const release = join(project, '..', 'shared', 'data', 'u-root-v0.14.0.tar.xz');
const archs: GoArch[] = ['amd64', 'arm64', 'riscv64'];
/** Enough to prove the on-demand path with real commands, small enough for pure emulation. */
const commands = ['cmds/core/ls', 'cmds/core/cat', 'cmds/core/gosh'];
const script = 'ls /etc\ncat /etc/sourcery-hello.txt\necho gosh says $((6*7))\n';

let dir: string;
let manifest: RootManifest;
let image: string;
const boots = new Map<GoArch, ReturnType<typeof bootTest>>();

/** Debian's kernels, downloaded once into ~/.cache/sourcery-flasher/kernels by the boot tier's script. */
function kernels(): Record<GoArch, string> {
  const out = execFileSync(process.execPath, [join(project, 'scripts', 'fetch-kernels.mjs')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const listed = JSON.parse(out) as Record<string, { kernel?: string }>;
  const found = Object.fromEntries(archs.map((a) => [a, listed[a]?.kernel ?? '']));
  for (const arch of archs) if (!found[arch]) throw new Error(`fetch-kernels.mjs gave no ${arch} kernel`);
  return found as Record<GoArch, string>;
}

beforeAll(async () => {
  if (!existsSync(release))
    throw new Error(`the u-root release is not at ${release} (see shared/data/README.md)`);
  dir = await mkdtemp(join(tmpdir(), 'sf-uroot-'));
  execFileSync('tar', ['-xJf', release, '-C', dir]);
}, 120_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a root built from the u-root release', () => {
  it('puts u-root at its module path, compiles its commands for three architectures and keeps a warm cache', async () => {
    const root = join(dir, 'root');
    const logs: string[] = [];
    const built = await buildRoot({
      out: root,
      archs,
      sources: [{ repo: join(dir, 'u-root'), commands }],
      onLog: (level, message) => logs.push(`${level}: ${message}`),
    });
    if (!built.ok)
      throw new Error(`${built.error.detail}\n${built.error.cause ?? ''}\n${logs.slice(-30).join('\n')}`);
    manifest = built.value;
    expect(manifest.archs).toEqual(archs);
    expect(manifest.leftOut).toEqual([]);
    for (const arch of archs) {
      expect(manifest.commands[arch]).toBe(3);
      expect(manifest.warmCache?.[arch] ?? 0).toBeGreaterThan(10e6);
      expect(manifest.compileSeconds?.[arch]).toBeGreaterThan(0);
      expect(await readFile(join(root, `linux_${arch}/bin/ls`), 'utf8')).toBe(
        `#!/linux_${arch}/bin/installcommand #!/src/github.com/u-root/u-root/cmds/core/ls\n`,
      );
    }
    // The script the shell runs in the machines; /etc is copied into a tmpfs by init.
    await writeFile(join(root, 'etc', 'sourcery-hello.txt'), 'cat from u-root works\n');
    await writeFile(join(root, 'etc', 'sourcery-test.sh'), script);
    const payload = await import('../../boot/syslinux/prepare').then((m) => m.prepareSyslinuxPayload());
    if (!payload.ok) throw new Error(payload.error.detail);
    image = join(dir, 'stick.img');
    const kernel = kernels();
    execFileSync(
      process.execPath,
      [
        join(project, 'out', 'cli', 'bin.js'), // the built CLI, as users run it (test:root builds first)
        'compose',
        '--tree',
        root,
        ...archs.flatMap((a) => ['--kernel', `${a}=${kernel[a]}`]),
        '--boot',
        'bios,uboot',
        '--append',
        'sourcery.run="gosh /etc/sourcery-test.sh"',
        '--out',
        image,
      ],
      { cwd: project, stdio: ['ignore', 'ignore', 'inherit'], timeout: 900_000 },
    );
    // The three machines boot side by side (each TCG machine is one host thread), and each test
    // below checks its own: about 9 minutes on two cores instead of 16 one after another.
    for (const arch of archs) {
      const boot = bootTest({ image, arch, timeoutSeconds: 1500, untilPowerOff: true });
      boot.catch(() => undefined); // awaited, and so reported, by its own test
      boots.set(arch, boot);
    }
  });

  for (const arch of archs) {
    it(`boots on ${arch} and runs u-root's gosh, ls and cat, compiled on demand`, async () => {
      const boot = boots.get(arch);
      if (!boot) throw new Error('the root was not built');
      const booted = await boot;
      if (!booted.ok) throw new Error(`${booted.error.detail}\n${booted.error.cause ?? ''}`);
      const serial = booted.value.lines.join('\n');
      await mkdir(join(dir, 'logs'), { recursive: true });
      await writeFile(join(dir, 'logs', `${arch}.log`), serial);
      const context = `serial console (${arch}):\n${serial.slice(-4000)}`;
      expect(serial, context).toContain(`sourcery: init for linux_${arch}`);
      expect(serial, context).toMatch(/sourcery: warm build cache: \d+ files/);
      expect(serial, context).toContain('sourcery-test.sh'); // ls /etc
      expect(serial, context).toContain('cat from u-root works');
      expect(serial, context).toContain('gosh says 42');
      expect(serial, context).toContain('sourcery: run finished with status 0');
      expect(booted.value.poweredOff, context).toBe(true);
    });
  }
});
