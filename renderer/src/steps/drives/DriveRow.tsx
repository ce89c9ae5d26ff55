// One drive in the list: a checkbox, its name and size, and why it may not be chosen.

import { isFixedDisk, type DriveDTO } from '../../../../contract';
import { formatBytes } from '../../format';
import { typedNameOf } from '../../store/drives-slice';

export const largeDriveBytes = 128e9;

export function DriveRow({
  drive,
  checked,
  onToggle,
  fixedTyped,
  onTypeName,
}: {
  drive: DriveDTO;
  checked: boolean;
  onToggle(): void;
  /** For a fixed disk: whether its name was typed (it may be chosen only then). */
  fixedTyped: boolean;
  onTypeName(typed: string): void;
}) {
  const fixed = !drive.system && isFixedDisk(drive);
  const blocked = drive.system
    ? 'System drive'
    : drive.readOnly
      ? 'Read-only'
      : fixed && !fixedTyped
        ? 'Fixed disk'
        : undefined;
  const id = `drive-${drive.device.replace(/[^a-z0-9]/gi, '-')}`;
  return (
    <li className={`drive-row${blocked ? ' blocked' : ''}`}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={blocked !== undefined}
        onChange={onToggle}
        aria-describedby={`${id}-about`}
      />
      <label htmlFor={id}>
        <strong>{drive.description || drive.device}</strong>{' '}
        <span className="muted">{formatBytes(drive.size)}</span>
      </label>
      <span id={`${id}-about`} className="drive-about">
        <code>{drive.device}</code>
        {blocked && <span className="badge danger">{blocked}</span>}
        {drive.system && drive.systemReasons.length > 0 && (
          <span className="muted"> ({drive.systemReasons.join('; ')})</span>
        )}
        {!blocked && drive.size > largeDriveBytes && (
          <span className="badge warn">Large drive: check it is the right one</span>
        )}
        {drive.mountpoints.length > 0 && (
          <span className="muted"> mounted at {drive.mountpoints.join(', ')}</span>
        )}
      </span>
      {fixed && !drive.readOnly && (
        <label className="field fixed-disk-name">
          This is a fixed (internal) disk and may hold this computer&apos;s data. To erase it, type{' '}
          <code>{typedNameOf(drive.device)}</code>
          <input
            type="text"
            autoComplete="off"
            spellCheck={false}
            aria-label={`Type ${typedNameOf(drive.device)} to allow erasing this fixed disk`}
            onChange={(e) => onTypeName(e.target.value)}
          />
        </label>
      )}
    </li>
  );
}
