// "Save as image file": a target that is a file, with the size of the stick it stands for.

import { useState } from 'react';
import { PathField } from '../../components/PathField';
import { TextField } from '../../components/TextField';
import { sizeOf } from '../../format';
import { useFields, useStore } from '../../store';

export function ImageTargetField() {
  const { imageTarget, setImageTarget } = useFields('imageTarget', 'setImageTarget');
  const last = useStore((s) => s.settings?.image);
  const [path, setPath] = useState(imageTarget?.path ?? '');
  const [size, setSize] = useState('2G');
  // Browse, a drop or last time's settings may fill the target from outside this field.
  const [seen, setSeen] = useState(imageTarget?.path);
  if (imageTarget?.path !== seen) {
    setSeen(imageTarget?.path);
    if (imageTarget && imageTarget.path !== path.trim()) setPath(imageTarget.path);
  }
  const bytes = sizeOf(size);
  const apply = (nextPath: string, nextBytes: number | undefined) =>
    setImageTarget(nextPath.trim() && nextBytes ? { path: nextPath.trim(), size: nextBytes } : undefined);
  return (
    <fieldset className="image-target">
      <legend>Save as an image file too</legend>
      <PathField
        label="File path (created or overwritten)"
        value={path}
        placeholder={last?.path ?? '/home/me/sourcery.img'}
        onChange={(next) => {
          setPath(next);
          apply(next, bytes);
        }}
        target={{ field: 'image' }}
        browseName="Browse for where to save the image"
      >
        {last && !path && (
          <button type="button" onClick={() => setImageTarget(last)}>
            Same as last time
          </button>
        )}
      </PathField>
      <TextField
        label="Size of the stick it stands for (e.g. 2G, 512M)"
        value={size}
        invalid={bytes === undefined}
        onChange={(next) => {
          setSize(next);
          apply(path, sizeOf(next));
        }}
      />
    </fieldset>
  );
}
