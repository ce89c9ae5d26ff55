// `sourcery-flash drives`: the drives this machine has, which may be written, and why not.

import { parseArgs } from 'node:util';
import { isFixedDisk, type DriveDTO } from '../../contract';
import { formatBytes } from '../../contract/units';
import { largeDriveBytes, mountsInTheWay } from '../../core/drives/check-target';
import { listDrives } from '../../core/drives/list';
import type { Command } from '../command';

/** One word or phrase per drive saying whether it can be a target, by the drive rule of `flash`. */
export function driveStatus(drive: DriveDTO): string {
  if (drive.system) return `system drive: ${drive.systemReasons.join('; ')}`;
  const notes: string[] = [];
  if (drive.readOnly) return 'read-only';
  if (drive.kind === 'loop') notes.push('loop device: needs --include-loop');
  else if (isFixedDisk(drive)) notes.push('fixed disk: written only when named with --fixed-disk');
  const mounted = mountsInTheWay(drive);
  if (mounted.length) notes.push(`mounted at ${mounted.join(', ')}: refused until you unmount it`);
  const automounted = drive.mountpoints.filter((m) => !mounted.includes(m));
  if (automounted.length) notes.push(`mounted at ${automounted.join(', ')} (unmounted before writing)`);
  if (drive.size > largeDriveBytes) notes.push('over 128 GB: asks to confirm');
  return [mounted.length ? 'not now' : 'can be written', ...notes].join('; ');
}

export const drivesCommand: Command = {
  name: 'drives',
  help: `Usage: sourcery-flash drives [--json] [--include-loop]

Lists the drives of this machine and whether \`flash\` may write each. System drives (holding
/, /boot, /boot/efi, /usr, /var, /home or swap) are shown but never written; fixed (internal)
disks only when named with --fixed-disk; a drive mounted outside /media or /run/media only
once you unmount it; read-only drives are marked.

Options:
  --json          print the list as JSON (the DriveDTO shape of contract/dto.ts)
  --include-loop  include loop devices (losetup), which are hidden otherwise

Examples:
  sourcery-flash drives
  sourcery-flash drives --json --include-loop`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { json: { type: 'boolean' }, 'include-loop': { type: 'boolean' } },
    });
    const drives = await listDrives({ includeLoop: values['include-loop'] ?? false, signal: io.signal });
    if (values.json) {
      io.stdout.write(`${JSON.stringify(drives, null, 2)}\n`);
      return 0;
    }
    if (drives.length === 0) {
      io.stdout.write('No drives found.\n');
      return 0;
    }
    const rows = drives.map((d) => [d.device, formatBytes(d.size), d.kind, d.description, driveStatus(d)]);
    const header = ['DEVICE', 'SIZE', 'KIND', 'DESCRIPTION', 'STATUS'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells: string[]): string =>
      cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
    io.stdout.write(`${[header, ...rows].map(line).join('\n')}\n`);
    return 0;
  },
};
