// For tests: reads a config.txt the way the Raspberry Pi firmware does for one board, to the files it
// would load. Independent of rpi/config.ts (which writes the file), so each checks the other.

export interface PiBoot {
  /** Stick paths, os_prefix applied. */
  kernel: string;
  initramfs?: string;
  deviceTree: string;
  cmdlineFile: string;
  /** Files at the partition root that the board's loaders read before config.txt matters. */
  firmware: string[];
  settings: Map<string, string>;
}

/** Default device tree names per board, as the firmware picks them (upstream_kernel=1: Linux's names). */
const defaultTree: Record<string, { upstream: string; downstream: string }> = {
  pi3: { upstream: 'bcm2837-rpi-3-b.dtb', downstream: 'bcm2710-rpi-3-b.dtb' },
};

/**
 * The settings that apply to `board` (a Pi 3 Model B here: [pi3] and [all] sections apply, other
 * [piN] sections do not), resolved to stick paths as the firmware would load them.
 */
export function piBootFromConfig(configTxt: string, board: 'pi3'): PiBoot {
  const settings = new Map<string, string>();
  let active = true;
  for (const raw of configTxt.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const section = /^\[(.+)\]$/.exec(line)?.[1];
    if (section) {
      active = section === 'all' || section === board;
      continue;
    }
    if (!active) continue;
    const initramfs = /^initramfs\s+(\S+)/.exec(line);
    if (initramfs?.[1]) settings.set('initramfs', initramfs[1]);
    const pair = /^([a-z_0-9]+)=(.*)$/.exec(line);
    if (pair?.[1]) settings.set(pair[1], pair[2] ?? '');
  }
  const prefix = settings.get('os_prefix') ?? '';
  const at = (name: string) => `/${prefix}${name}`;
  const names = defaultTree[board];
  if (!names) throw new Error(`no default device tree known for ${board}`);
  const tree =
    settings.get('device_tree') ??
    (settings.get('upstream_kernel') === '1' ? names.upstream : names.downstream);
  const initramfs = settings.get('initramfs');
  return {
    kernel: at(settings.get('kernel') ?? (settings.get('arm_64bit') === '1' ? 'kernel8.img' : 'kernel7.img')),
    ...(initramfs ? { initramfs: at(initramfs) } : {}),
    deviceTree: at(tree),
    cmdlineFile: at(settings.get('cmdline') ?? 'cmdline.txt'),
    firmware: [
      'bootcode.bin',
      settings.get('start_file') ?? 'start.elf',
      settings.get('fixup_file') ?? 'fixup.dat',
    ],
    settings,
  };
}
