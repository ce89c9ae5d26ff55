// "Save as image file": a target that is a file, with the size of the stick it stands for.

import { useState } from 'react';
import { TextField } from '../../components/TextField';
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
      <TextField
        label="File path (created or overwritten)"
        value={path}
        placeholder="/home/me/sourcery.img"
        onChange={(next) => {
          setPath(next);
          apply(next, bytes);
        }}
      />
      <TextField
        label="Size of the stick it stands for (e.g. 2G, 512M)"
        value={size}
        invalid={bytes === undefined}
        onChange={(next) => {
          setSize(next);
          apply(path, parseSize(next));
        }}
      />
    </fieldset>
  );
}
