// "Save as image file": a target that is a file, with the size of the stick it stands for.

import { useState } from 'react';
import { parseSize } from '../../format';
import { useStore } from '../../store';

export function ImageTargetField() {
  const { imageTarget, setImageTarget } = useStore();
  const [path, setPath] = useState(imageTarget?.path ?? '');
  const [size, setSize] = useState('2G');
  const bytes = parseSize(size);
  const apply = (nextPath: string, nextBytes: number | undefined) =>
    setImageTarget(nextPath.trim() && nextBytes ? { path: nextPath.trim(), size: nextBytes } : undefined);
  return (
    <fieldset className="image-target">
      <legend>Save as an image file too</legend>
      <label className="field">
        File path (created or overwritten)
        <input
          type="text"
          value={path}
          placeholder="/home/me/sourcery.img"
          spellCheck={false}
          onChange={(e) => {
            setPath(e.target.value);
            apply(e.target.value, bytes);
          }}
        />
      </label>
      <label className="field">
        Size of the stick it stands for (e.g. 2G, 512M)
        <input
          type="text"
          value={size}
          aria-invalid={bytes === undefined}
          onChange={(e) => {
            setSize(e.target.value);
            apply(path, parseSize(e.target.value));
          }}
        />
      </label>
    </fieldset>
  );
}
