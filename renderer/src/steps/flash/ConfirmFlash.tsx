// Names every drive that will be erased; large drives must be confirmed by typing their name.

import { useState } from 'react';
import { formatBytes } from '../../format';
import { useFields } from '../../store';
import { largeDriveBytes } from '../drives/DriveRow';

export function ConfirmFlash({ onConfirm }: { onConfirm(confirmedLarge: string[]): void }) {
  const { drives, selected, imageTarget } = useFields('drives', 'selected', 'imageTarget');
  const chosen = drives.filter((d) => selected.includes(d.device));
  const large = chosen.filter((d) => d.size > largeDriveBytes);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const allTyped = large.every((d) => typed[d.device]?.trim() === d.device);
  return (
    <div className="confirm">
      <p>Everything on these will be erased:</p>
      <ul aria-label="Targets to erase">
        {chosen.map((d) => (
          <li key={d.device}>
            <strong>{d.description || d.device}</strong>, {formatBytes(d.size)} <code>{d.device}</code>
          </li>
        ))}
        {imageTarget && (
          <li>
            Image file <code>{imageTarget.path}</code>, {formatBytes(imageTarget.size)}
          </li>
        )}
      </ul>
      {large.map((d) => (
        <label key={d.device} className="confirm-large">
          {d.device} is larger than {formatBytes(largeDriveBytes)}, more than most sticks. Type{' '}
          <code>{d.device}</code> to confirm it is the right drive:
          <input
            type="text"
            value={typed[d.device] ?? ''}
            onChange={(e) => setTyped({ ...typed, [d.device]: e.target.value })}
            spellCheck={false}
          />
        </label>
      ))}
      <button
        type="button"
        className="primary"
        disabled={!allTyped}
        onClick={() => onConfirm(large.map((d) => d.device))}
      >
        Erase and flash {chosen.length + (imageTarget ? 1 : 0)} target
        {chosen.length + (imageTarget ? 1 : 0) === 1 ? '' : 's'}
      </button>
    </div>
  );
}
