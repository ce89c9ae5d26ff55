// Step 1: where the sourcery root comes from; ends with its manifest, or the problems to fix.

import { ErrorPanel } from '../../components/ErrorPanel';
import { LogView } from '../../components/LogView';
import { ProgressBar } from '../../components/ProgressBar';
import { useEffect } from 'react';
import { useStore } from '../../store';
import type { RootSource } from '../../store/root-slice';
import { CompileCheckProgress } from './CompileCheckView';
import { ManifestView } from './ManifestView';
import { ChannelCatalogue, NewcomerWelcome } from './ChannelCatalogue';
import { BuildRootForm, DownloadRootForm, LocalRootForm } from './RootForms';

const sources: { id: RootSource; label: string; about: string; action: string }[] = [
  {
    id: 'channel',
    label: 'From a channel',
    about: 'A root your organiser published, signed, with its kernels.',
    action: 'Get this root',
  },
  { id: 'local', label: 'Local folder or archive', about: 'A root you already have.', action: 'Open root' },
  {
    id: 'build',
    label: 'Build from source',
    about: 'Go toolchain, commands and init for each architecture.',
    action: 'Build root',
  },
  {
    id: 'download',
    label: 'One archive by address',
    about: 'A root archive and its SHA-256, checked before use.',
    action: 'Download root',
  },
];

/** Why the chosen source cannot start yet. */
function missingInput(s: ReturnType<typeof useStore.getState>): string | undefined {
  if (s.rootSource === 'channel' && !s.pickedRoot) return 'Add a channel and pick one of its roots.';
  if (s.rootSource === 'local' && !s.localPath.trim()) return 'Enter a folder or archive.';
  if (s.rootSource === 'build' && s.build.archs.length === 0) return 'Choose at least one architecture.';
  if (s.rootSource === 'download' && !s.download.url.trim()) return 'Enter an address.';
  if (s.rootSource === 'download' && !/^[0-9a-f]{64}$/i.test(s.download.sha256.trim()))
    return 'Enter the archive’s SHA-256 (64 hex digits).';
  return undefined;
}

export function RootStep() {
  const state = useStore();
  const {
    rootSource,
    setRootSource,
    rootJobId,
    rootProgress,
    rootLog,
    compileChecks,
    rootError,
    manifest,
    getRoot,
    cancelRoot,
  } = state;
  const { api, loadChannels } = state;
  // The channels followed, read again (or their offline copies) whenever the step is shown.
  useEffect(() => {
    if (api) void loadChannels();
  }, [api, loadChannels]);
  const current = sources.find((s) => s.id === rootSource) ?? sources[0]!;
  const missing = missingInput(state);
  return (
    <section aria-labelledby="root-title">
      <h1 tabIndex={-1} id="root-title">
        Choose a sourcery root
      </h1>
      <NewcomerWelcome />
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
      {rootSource === 'channel' ? (
        <ChannelCatalogue />
      ) : rootSource === 'local' ? (
        <LocalRootForm />
      ) : rootSource === 'build' ? (
        <BuildRootForm />
      ) : (
        <DownloadRootForm />
      )}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={missing !== undefined || rootJobId !== undefined}
          onClick={() => void getRoot()}
        >
          {current.action}
        </button>
        {rootJobId && (
          <button type="button" onClick={() => void cancelRoot()}>
            Cancel
          </button>
        )}
        {missing && <span className="muted">{missing}</span>}
      </div>
      {rootJobId && <ProgressBar label={current.label} progress={rootProgress} />}
      {rootSource === 'build' && <CompileCheckProgress state={compileChecks} />}
      {rootError && <ErrorPanel error={rootError} />}
      {manifest && <ManifestView manifest={manifest} />}
      {rootLog.length > 0 && <LogView lines={rootLog} />}
    </section>
  );
}
