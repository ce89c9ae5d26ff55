// The browser shell's folder browser: a dialog over the engine's listing, worked from the keyboard alone.

import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { AppError, FolderEntry, FolderListing, Result } from '../../../contract';
import { formatBytes } from '../format';
import { useFields } from '../store';
import type { FieldTarget } from '../store/files-slice';
import { ErrorPanel } from './ErrorPanel';

const titles: Record<FieldTarget['field'], string> = {
  root: 'Choose the root folder or archive',
  kernel: 'Choose a kernel or a linux-image .deb',
  image: 'Choose where to save the image file',
};

const joinPath = (dir: string, name: string) =>
  `${dir.replace(/[\\/]+$/, '')}${dir.includes('\\') ? '\\' : '/'}${name}`;

export function FolderBrowser({ target }: { target: FieldTarget }) {
  const { api, closeBrowser, fillPath } = useFields('api', 'closeBrowser', 'fillPath');
  const [listing, setListing] = useState<FolderListing>();
  const [error, setError] = useState<AppError>();
  const [filter, setFilter] = useState('');
  const [active, setActive] = useState(0);
  const [fileName, setFileName] = useState('sourcery.img');
  const input = useRef<HTMLInputElement>(null);
  const ids = { title: useId(), list: useId(), option: useId() };

  const show = (result: Result<FolderListing>) => {
    if (!result.ok) return setError(result.error);
    setError(undefined);
    setListing(result.value);
    setFilter('');
    setActive(0);
    input.current?.focus();
  };
  const open = (dir?: string) =>
    api?.filesBrowse({ field: target.field, ...(dir ? { dir } : {}) }).then(show);
  const choose = async (path: string) => {
    if (!api) return;
    const result = await api.filesChoose({ field: target.field, path });
    if (!result.ok) return setError(result.error);
    fillPath(target, result.value.path);
    closeBrowser();
  };
  useEffect(() => {
    input.current?.focus();
    void api?.filesBrowse({ field: target.field }).then(show);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per opening
  }, []);

  const shown = (listing?.entries ?? []).filter((e) => e.name.toLowerCase().includes(filter.toLowerCase()));
  const current: FolderEntry | undefined = shown[Math.min(active, shown.length - 1)];
  const activate = (entry: FolderEntry | undefined) => {
    if (!entry) return;
    if (entry.kind === 'folder') void open(entry.path);
    else if (entry.accepted) void choose(entry.path);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    const up = () => listing?.parent && void open(listing.parent);
    if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, shown.length - 1));
    else if (e.key === 'ArrowUp' && e.altKey) up();
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (e.key === 'Home') setActive(0);
    else if (e.key === 'End') setActive(shown.length - 1);
    else if (e.key === 'Enter') activate(current);
    else if (e.key === 'Backspace' && filter === '') up();
    else if (e.key === 'Escape') closeBrowser();
    else return;
    e.preventDefault();
  };

  const canChooseFolder = target.field === 'root' && listing && listing.dir !== listing.home;
  return (
    <div className="modal-backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby={ids.title} className="folder-browser">
        <h2 id={ids.title}>{titles[target.field]}</h2>
        <p className="muted">
          <span className="path">{listing?.dir ?? '…'}</span> — arrows to move, Enter to open, Backspace or
          Alt+↑ for the folder above, type to filter, Esc to close.
        </p>
        <label className="field">
          Filter
          <input
            ref={input}
            type="text"
            role="combobox"
            aria-expanded="true"
            aria-controls={ids.list}
            aria-activedescendant={current ? `${ids.option}-${shown.indexOf(current)}` : undefined}
            value={filter}
            spellCheck={false}
            onChange={(e) => {
              setFilter(e.target.value);
              setActive(0);
            }}
            onKeyDown={onKey}
          />
        </label>
        {error && <ErrorPanel error={error} />}
        <ul role="listbox" id={ids.list} aria-label={`Contents of ${listing?.dir ?? 'the folder'}`}>
          {shown.map((entry, i) => (
            <li
              key={entry.path}
              id={`${ids.option}-${i}`}
              role="option"
              aria-selected={entry === current}
              className={entry.kind}
              onClick={() => setActive(i)}
              onDoubleClick={() => activate(entry)}
            >
              {entry.kind === 'folder' ? `${entry.name}/` : entry.name}
              {entry.size !== undefined && <span className="muted"> {formatBytes(entry.size)}</span>}
            </li>
          ))}
          {listing && shown.length === 0 && <li className="muted">Nothing here that this field takes.</li>}
        </ul>
        {listing?.truncated && (
          <p className="muted">Only the first 2,000 items are shown; filter to find more.</p>
        )}
        {target.field === 'image' && (
          <label className="field">
            File name
            <input
              type="text"
              value={fileName}
              spellCheck={false}
              onChange={(e) => setFileName(e.target.value)}
            />
          </label>
        )}
        <div className="actions">
          <button
            type="button"
            disabled={!listing?.parent}
            onClick={() => listing?.parent && void open(listing.parent)}
          >
            Up
          </button>
          {current && (current.kind === 'folder' || current.accepted) && (
            <button type="button" onClick={() => activate(current)}>
              {current.kind === 'folder' ? `Open “${current.name}”` : `Use “${current.name}”`}
            </button>
          )}
          {canChooseFolder && (
            <button type="button" className="primary" onClick={() => void choose(listing.dir)}>
              Use this folder as the root
            </button>
          )}
          {target.field === 'image' && listing && (
            <button
              type="button"
              className="primary"
              onClick={() => void choose(joinPath(listing.dir, fileName.trim()))}
            >
              Save here
            </button>
          )}
          <button type="button" onClick={closeBrowser}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
