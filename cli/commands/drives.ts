// `sourcery-flash drives`: the drives this machine has, which may be written, and why not.

import { parseArgs } from 'node:util';
import type { DriveDTO } from '../../contract';
import { formatBytes, largeDriveBytes } from '../../core/drives/check-target';
import { listDrives } from '../../core/drives/list';
import type { Command } from '../command';

/** One word or phrase per drive saying whether it can be a target. */
export function driveStatus(drive: DriveDTO): string {
  if (drive.system) return `system drive: ${drive.systemReasons.join('; ')}`;
  if (drive.readOnly) return 'read-only';
  const notes = [drive.size > largeDriveBytes ? 'over 128 GB: asks to confirm' : ''];
  if (drive.mountpoints.length)
    notes.push(`mounted at ${drive.mountpoints.join(', ')} (unmounted before writing)`);
  return ['can be written', ...notes.filter(Boolean)].join('; ');
}

export const drivesCommand: Command = {
  name: 'drives',
  help: `Usage: sourcery-flash drives [--json] [--include-loop]

Lists the drives of this machine. System drives (holding /, /boot, /boot/efi, /usr, /var,
/home or swap) are shown but never written; read-only drives are marked.

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
