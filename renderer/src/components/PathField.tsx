// A path field with Browse beside it: main's native dialog in Electron, the engine's folder browser in a browser.

import { useId, type KeyboardEvent, type ReactNode } from 'react';
import { useStore } from '../store';
import type { FieldTarget } from '../store/files-slice';

export interface PathFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  target: FieldTarget;
  /** Names the Browse button for screen readers and tests: "Browse for the root". */
  browseName: string;
  placeholder?: string;
  onBlur?(): void;
  onKeyDown?(event: KeyboardEvent<HTMLInputElement>): void;
  /** More buttons after Browse (the kernel's Check). */
  children?: ReactNode;
}

export function PathField(props: PathFieldProps) {
  const { label, value, onChange, target, browseName, placeholder, onBlur, onKeyDown, children } = props;
  const id = useId();
  const browse = useStore((s) => s.browse);
  const electron = useStore((s) => s.info?.shell === 'electron');
  // Most systems' dialogs show folders or files, not both; the engine's folder browser shows both.
  const twoKinds = electron && target.field === 'root';
  return (
    <div className="path-field">
      <label className="field" htmlFor={id}>
        {label}
      </label>
      <div className="actions">
        <input
          id={id}
          type="text"
          value={value}
          placeholder={placeholder}
          spellCheck={false}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
          onKeyDown={onKeyDown}
        />
        {twoKinds ? (
          <>
            <button
              type="button"
              aria-label={`${browseName}: a folder`}
              onClick={() => void browse({ ...target, want: 'folder' })}
            >
              Folder…
            </button>
            <button
              type="button"
              aria-label={`${browseName}: an archive`}
              onClick={() => void browse({ ...target, want: 'file' })}
            >
              Archive…
            </button>
          </>
        ) : (
          <button type="button" aria-label={browseName} onClick={() => void browse(target)}>
            Browse…
          </button>
        )}
        {children}
      </div>
    </div>
  );
}
