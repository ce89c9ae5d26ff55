// Step 1: where the sourcery root comes from (build, download, or a local folder or archive).

import { NotLanded } from '../../components/NotLanded';
import { useStore } from '../../store';
import type { RootSource } from '../../store/root-slice';

const sources: { id: RootSource; label: string; about: string }[] = [
  { id: 'local', label: 'Local folder or archive', about: 'A root you already have.' },
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
];

export function RootStep() {
  const { info, rootSource, rootDir, setRootSource, setRootDir } = useStore();
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
              checked={rootSource === s.id}
              onChange={() => setRootSource(s.id)}
            />
            <span>
              <strong>{s.label}</strong>
              <small>{s.about}</small>
            </span>
          </label>
        ))}
      </fieldset>
      {rootSource === 'local' && (
        <label className="field">
          Folder holding the root
          <input
            type="text"
            value={rootDir}
            placeholder="/home/me/sourcery-root"
            spellCheck={false}
            onChange={(e) => setRootDir(e.target.value)}
          />
        </label>
      )}
      {rootSource !== 'local' && !info?.capabilities.roots && (
        <NotLanded what="Building and downloading roots" />
      )}
    </section>
  );
}
