// Step 1: where the sourcery root comes from (build, download, or a local folder or archive).

import { useState } from 'react';
import { useStore } from '../../store';

const sources = [
  {
    id: 'build',
    label: 'Build from source',
    about: 'Go toolchain, commands and init for each architecture.',
  },
  {
    id: 'download',
    label: 'Download',
    about: 'A published root from a channel or an address, checked by SHA-256.',
  },
  { id: 'local', label: 'Local folder or archive', about: 'A root you already have.' },
] as const;

export function RootStep() {
  const roots = useStore((s) => s.info?.capabilities.roots ?? false);
  const [source, setSource] = useState<(typeof sources)[number]['id']>('local');
  return (
    <section aria-labelledby="root-title">
      <h1 id="root-title">Choose a sourcery root</h1>
      <fieldset>
        <legend>Where does the root come from?</legend>
        {sources.map((s) => (
          <label key={s.id} className="choice">
            <input
              type="radio"
              name="root-source"
              value={s.id}
              checked={source === s.id}
              onChange={() => setSource(s.id)}
            />
            <span>
              <strong>{s.label}</strong>
              <small>{s.about}</small>
            </span>
          </label>
        ))}
      </fieldset>
      {!roots && (
        <p role="status" className="notice">
          Roots are not available in this build yet: the engine part for them has not landed.
        </p>
      )}
    </section>
  );
}
