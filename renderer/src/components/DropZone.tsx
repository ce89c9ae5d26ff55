// Drops on the window: the item fills the field it fits (Electron), or the wizard says why a browser cannot.

import { useEffect, useState } from 'react';
import { useFields, useStore } from '../store';

const what = { root: 'a root', kernel: 'a kernel', image: 'an image file' } as const;

/** Listens on the whole window; renders the "drop here" hint and what happened to the last drop. */
export function DropZone() {
  const { dropItem, dropNotice, dismissDrop, browse } = useFields(
    'dropItem',
    'dropNotice',
    'dismissDrop',
    'browse',
  );
  const electron = useStore((s) => s.info?.shell === 'electron');
  const [over, setOver] = useState(false);
  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault(); // a drop, not the browser opening the file in place of the wizard
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setOver(true);
    };
    const onLeave = (e: DragEvent) => e.relatedTarget === null && setOver(false);
    const onDrop = (e: DragEvent) => {
      e.preventDefault();
      setOver(false);
      const item = e.dataTransfer?.items[0];
      const file = item?.getAsFile() ?? e.dataTransfer?.files[0] ?? undefined;
      if (!file) return;
      const entry = item?.webkitGetAsEntry?.();
      void dropItem({ name: file.name, kind: entry?.isDirectory ? 'folder' : 'file', file });
    };
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [dropItem]);
  return (
    <>
      {over && (
        <div className="drop-hint" aria-hidden="true">
          Drop a root folder or archive, a kernel or .deb, or an .img file
        </div>
      )}
      {dropNotice && (
        <div role="alert" className="notice drop-notice">
          {!dropNotice.target ? (
            <p>
              “{dropNotice.name}” is not a root folder or archive, a kernel or .deb, or an .img file, so it
              was not used.
            </p>
          ) : (
            <p>
              “{dropNotice.name}” looks like {what[dropNotice.target.field]}
              {dropNotice.target.arch ? ` for ${dropNotice.target.arch}` : ''}, but{' '}
              {electron
                ? 'it could not be used.'
                : 'a browser gives a page only a dropped file’s contents, never where it is on this computer, so the app cannot use it from here.'}{' '}
              Choose it with Browse instead.
            </p>
          )}
          <div className="actions">
            {dropNotice.target && (
              <button type="button" className="primary" onClick={() => void browse(dropNotice.target!)}>
                Browse for it…
              </button>
            )}
            <button type="button" onClick={dismissDrop}>
              Dismiss
            </button>
          </div>
        </div>
      )}
    </>
  );
}
