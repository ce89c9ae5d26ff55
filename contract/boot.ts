// The boot vocabulary every process shares: architectures, boot methods, and which kernels each method needs.

/** Go's name for a CPU architecture (GOARCH), which Debian's kernels share: what a root and a stick serve. */
export type GoArch = 'amd64' | 'arm64' | 'riscv64';
export const goArchs = ['amd64', 'arm64', 'riscv64'] as const satisfies readonly GoArch[];
export const isGoArch = (value: string): value is GoArch => (goArchs as readonly string[]).includes(value);

/** How firmware finds the kernel: syslinux (x86 BIOS), UEFI, a U-Boot script, or the Raspberry Pi's config.txt. */
export type BootMethod = 'bios' | 'uefi' | 'uboot' | 'rpi';
export const bootMethodNames = ['bios', 'uefi', 'uboot', 'rpi'] as const satisfies readonly BootMethod[];
/** Without a choice: rpi is asked for by name (it adds a copy of the arm64 kernel and the Pi's files). */
export const defaultBootMethods = ['bios', 'uefi', 'uboot'] as const satisfies readonly BootMethod[];
/** The firmware "Try it in an emulator" can start (core/qemu): no Raspberry Pi firmware there. */
export const emulatorFirmwareNames = ['bios', 'uefi', 'uboot'] as const satisfies readonly BootMethod[];
/** Raspberry Pi models the rpi method serves. */
export type RpiModel = '3' | '4' | '5';
export const rpiModelNames = ['3', '4', '5'] as const satisfies readonly RpiModel[];

/** The architectures U-Boot's generic distro boot starts here. */
export const ubootArchs: readonly GoArch[] = ['arm64', 'riscv64'];

/** Whether `method` can start one of these kernels: BIOS needs amd64, U-Boot arm64 or riscv64, the Pi arm64. */
export function methodAllowed(method: BootMethod, archs: readonly GoArch[]): boolean {
  if (method === 'bios') return archs.includes('amd64');
  if (method === 'uboot') return archs.some((a) => ubootArchs.includes(a));
  if (method === 'rpi') return archs.includes('arm64');
  return true;
}
