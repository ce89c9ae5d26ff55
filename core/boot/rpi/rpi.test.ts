// The rpi boot method: config.txt and cmdline.txt as written, the files laid out, and each refusal
// (naming the Raspberry Pi model) before anything is written. Packages are built by dpkg-deb here.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { piBootFromConfig } from '../testing/rpi-config-reader';
import { prepareBoot, type BootPlan, type BootRequest } from '../prepare';
import { rpiConfigTxt } from './config';
import { fakeBzImage, fakeDeb, fakeImage, fakeKernelDeb } from '../testing/fixtures';

const version = '6.12.0-test-arm64';
const broadcom = `usr/lib/linux-image-${version}/broadcom`;
const allTrees = [
  'bcm2837-rpi-3-b.dtb',
  'bcm2837-rpi-3-b-plus.dtb',
  'bcm2711-rpi-4-b.dtb',
  'bcm2711-rpi-400.dtb',
  'bcm2712-rpi-5-b.dtb',
  'meson-gxbb-odroidc2.dtb', // another board's tree: not for the Pi
];
const kernelDeb = (trees = allTrees, pi5Card = true) =>
  fakeKernelDeb({
    version,
    kernel: fakeImage('arm64', 64 * 1024),
    vfatLine: `CONFIG_VFAT_FS=y\n${pi5Card ? 'CONFIG_MMC_SDHCI_BRCMSTB=m' : '# CONFIG_MMC_SDHCI_BRCMSTB is not set'}`,
    files: Object.fromEntries(trees.map((t) => [`${broadcom}/${t}`, `tree ${t}`])),
  });
const firmwareFiles = ['bootcode.bin', 'start.elf', 'fixup.dat', 'start4.elf', 'fixup4.dat'];
const firmwareDeb = (names = firmwareFiles) =>
  fakeDeb(
    'raspi-firmware',
    Object.fromEntries(names.map((n) => [`usr/lib/raspi-firmware/${n}`, `firmware ${n}`])),
  );

const fullKernel = kernelDeb();
const firmware = firmwareDeb();
const diskSignature = 0x1234abcd;

async function plan(request: Partial<BootRequest>): Promise<BootPlan> {
  const result = await prepareBoot({
    kernels: { arm64: fullKernel },
    methods: ['rpi'],
    diskSignature,
    ...request,
  });
  if (!result.ok) throw new Error(`${result.error.detail} ${result.error.hint}`);
  return result.value;
}
const fileText = (p: BootPlan, path: string) => {
  const file = p.extraFiles.find((f) => f.path === path);
  return file?.data ? new TextDecoder().decode(file.data) : undefined;
};
const paths = (p: BootPlan) => p.extraFiles.map((f) => f.path).sort();

async function refusal(request: Partial<BootRequest>): Promise<string> {
  const result = await prepareBoot({ kernels: { arm64: fullKernel }, methods: ['rpi'], ...request });
  if (result.ok) throw new Error('expected a refusal');
  return `${result.error.detail} | ${result.error.hint}`;
}

describe('rpi: what goes on the stick', () => {
  test('config.txt has a section per model; the firmware resolves our kernel, tree and command line', async () => {
    const p = await plan({ firmware: { rpi: firmware }, append: 'loglevel=7 sourcery.run="go test"' });
    const config = fileText(p, '/config.txt') ?? '';
    expect(config).toMatch(/^\[all\]\narm_64bit=1\nos_prefix=rpi\/\nupstream_kernel=1\nkernel=vmlinuz$/m);
    expect(config.match(/^\[pi\d\]$/gm)).toEqual(['[pi3]', '[pi4]', '[pi5]']);
    // os_check=0 only under [pi5]; the Pi 5's command line names its own debug UART.
    expect(config).toMatch(/\[pi5\]\nos_check=0\ncmdline=cmdline-pi5.txt\n\[all\]\n$/);
    expect(config.match(/os_check/g)).toHaveLength(1);
    expect(config).not.toMatch(/^initramfs/m); // VFAT built in: no initramfs
    expect(fileText(p, '/rpi/cmdline.txt')).toBe(
      'console=tty0 console=ttyS1,115200 root=PARTUUID=1234abcd-01 rootfstype=vfat rootwait ro init=/linux_arm64/bin/init quiet loglevel=7 sourcery.run="go test"\n',
    );
    expect(fileText(p, '/rpi/cmdline-pi5.txt')).toContain(
      'console=ttyAMA10,115200 root=PARTUUID=1234abcd-01',
    );
    // Read the way a Pi 3's firmware reads it: every file it would load is one we lay out.
    const pi3 = piBootFromConfig(config, 'pi3');
    for (const path of [pi3.kernel, pi3.deviceTree, pi3.cmdlineFile, ...pi3.firmware.map((f) => `/${f}`)])
      expect(paths(p)).toContain(path);
    expect(paths(p)).toEqual(
      [
        '/config.txt',
        '/bootcode.bin',
        '/start.elf',
        '/fixup.dat',
        '/start4.elf',
        '/fixup4.dat',
        '/rpi/vmlinuz',
        '/rpi/cmdline.txt',
        '/rpi/cmdline-pi5.txt',
        ...allTrees.filter((t) => t.startsWith('bcm')).map((t) => `/rpi/${t}`),
      ].sort(),
    );
    expect(p.notes).toEqual([]);
  });

  test('with U-Boot as well, nothing is shared or overwritten and no extlinux.conf appears', async () => {
    const p = await plan({ methods: ['uboot', 'rpi'], firmware: { rpi: firmware } });
    const all = paths(p);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain('/boot.scr');
    expect(all).toContain('/boot/arm64/vmlinuz');
    expect(all.filter((f) => /extlinux/i.test(f))).toEqual([]);
  });

  test('without the firmware package the stick still serves the Pi 5, and the report says who needs it', async () => {
    const p = await plan({});
    expect(paths(p).filter((f) => !f.startsWith('/rpi/'))).toEqual(['/config.txt']);
    expect(p.notes.join('\n')).toMatch(/Raspberry Pi 3 and 4 need their boot firmware.*--firmware rpi=/);
    expect(p.notes.join('\n')).toMatch(/Raspberry Pi 5 keeps its firmware in EEPROM/);
  });

  test('only the chosen models: a Pi 5 stick has its console in cmdline.txt and no firmware note', async () => {
    const p = await plan({ rpiModels: ['5'] });
    const config = fileText(p, '/config.txt') ?? '';
    expect(config.match(/^\[pi\d\]$/gm)).toEqual(['[pi5]']);
    expect(config).not.toContain('cmdline=');
    expect(fileText(p, '/rpi/cmdline.txt')).toContain('console=ttyAMA10,115200');
    expect(paths(p).filter((f) => f.endsWith('.dtb'))).toEqual(['/rpi/bcm2712-rpi-5-b.dtb']);
    expect(p.notes).toEqual([]);
  });

  test("a kernel without the Pi 5's SD driver (Debian's 6.12) is used, and the report says the Pi 5 cannot find the root", async () => {
    const p = await plan({ kernels: { arm64: kernelDeb(allTrees, false) }, rpiModels: ['5'] });
    expect(p.notes.join('\n')).toMatch(/no driver for the Raspberry Pi 5's SD card/);
  });

  test('with an initramfs, config.txt loads it right after the kernel', () => {
    expect(rpiConfigTxt(['3'], true)).toMatch(/^kernel=vmlinuz\ninitramfs initrd.gz followkernel$/m);
  });
});

describe('rpi: bad input is refused, naming the model, before anything is written', () => {
  test('no arm64 kernel at all', async () => {
    const amd64 = fakeKernelDeb({ kernel: fakeBzImage(8192), vfatLine: 'CONFIG_VFAT_FS=y' });
    expect(await refusal({ kernels: { amd64 } })).toMatch(
      /Boot method rpi \(Raspberry Pi 3, 4 and 5\) needs a 64-bit arm64 kernel/,
    );
  });

  test('a 32-bit ARM zImage', async () => {
    const zImage = join(mkdtempSync(join(tmpdir(), 'sourcery-zimage-')), 'zImage');
    const data = new Uint8Array(64 * 1024);
    new DataView(data.buffer).setUint32(0x24, 0x016f2818, true);
    writeFileSync(zImage, data);
    const message = await refusal({ kernels: { arm64: zImage } });
    expect(message).toMatch(/32-bit ARM kernel \(zImage\)/);
    expect(message).toMatch(/Raspberry Pi 3, 4 and 5 would start/);
  });

  test('a kernel file without its package has no device trees', async () => {
    const bare = join(mkdtempSync(join(tmpdir(), 'sourcery-image-')), 'Image');
    writeFileSync(bare, fakeImage('arm64', 64 * 1024));
    expect(await refusal({ kernels: { arm64: bare } })).toMatch(
      /without the device trees the Raspberry Pi 3, 4 and 5 need.*\| Pass the whole linux-image/,
    );
  });

  test('a kernel package without a chosen model’s device tree', async () => {
    const older = kernelDeb(allTrees.filter((t) => !t.startsWith('bcm2712')));
    const message = await refusal({ kernels: { arm64: older } });
    expect(message).toMatch(/no device tree for the Raspberry Pi 5 \(bcm2712-rpi-5-b.dtb/);
    expect(message).toMatch(/--rpi-models 3,4/);
    // Leaving that model out is accepted.
    const result = await prepareBoot({ kernels: { arm64: older }, methods: ['rpi'], rpiModels: ['3', '4'] });
    expect(result.ok).toBe(true);
  });

  test('a firmware package that is not raspi-firmware', async () => {
    expect(await refusal({ firmware: { rpi: fullKernel } })).toMatch(/is not the raspi-firmware package/);
    const notDeb = join(mkdtempSync(join(tmpdir(), 'sourcery-fw-')), 'start.elf');
    writeFileSync(notDeb, 'x');
    expect(await refusal({ firmware: { rpi: notDeb } })).toMatch(/is not a Debian package/);
  });

  test('a firmware package lacking a model’s files', async () => {
    const no4 = firmwareDeb(['bootcode.bin', 'start.elf', 'fixup.dat', 'start4.elf']);
    expect(await refusal({ firmware: { rpi: no4 } })).toMatch(
      /lacks fixup4.dat .* which the Raspberry Pi 4 needs/,
    );
    // Not needed when the Pi 4 is left out.
    const result = await prepareBoot({
      kernels: { arm64: fullKernel },
      methods: ['rpi'],
      rpiModels: ['3', '5'],
      firmware: { rpi: no4 },
    });
    expect(result.ok).toBe(true);
  });

  test('kernel arguments that would add a line to cmdline.txt', async () => {
    const result = await prepareBoot({ kernels: { arm64: fullKernel }, methods: ['rpi'], append: 'a\nb' });
    expect(result.ok ? undefined : result.error.code).toBe('E_KERNEL_ARGS');
  });
});
