// Step 1: where the sourcery root comes from; ends with its manifest, or the problems to fix.

import { ErrorPanel } from '../../components/ErrorPanel';
import { LogView } from '../../components/LogView';
import { ProgressBar } from '../../components/ProgressBar';
import { useEffect } from 'react';
import { useFields, useStore } from '../../store';
import { rootSourceBlocker } from '../../store/blockers';
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

function RootProgress({ label }: { label: string }) {
  const progress = useStore((s) => s.rootProgress);
  return <ProgressBar label={label} progress={progress} />;
}

function RootCompileChecks() {
  const checks = useStore((s) => s.compileChecks);
  return <CompileCheckProgress state={checks} />;
}

function RootLog() {
  const lines = useStore((s) => s.rootLog);
  return lines.length > 0 ? <LogView lines={lines} /> : null;
}

export function RootStep() {
  // Progress and log lines are subscribed to below, by the parts that show them.
  const {
    rootSource,
    setRootSource,
    rootJobId,
    rootError,
    manifest,
    getRoot,
    cancelRoot,
    api,
    loadChannels,
  } = useFields(
    'rootSource',
    'setRootSource',
    'rootJobId',
    'rootError',
    'manifest',
    'getRoot',
    'cancelRoot',
    'api',
    'loadChannels',
  );
  const missing = useStore(rootSourceBlocker);
  // The channels followed, read again (or their offline copies) whenever the step is shown.
  useEffect(() => {
    if (api) void loadChannels();
  }, [api, loadChannels]);
  const current = sources.find((s) => s.id === rootSource) ?? sources[0]!;
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
      {rootJobId && <RootProgress label={current.label} />}
      {rootSource === 'build' && <RootCompileChecks />}
      {rootError && <ErrorPanel error={rootError} />}
      {manifest && <ManifestView manifest={manifest} />}
      <RootLog />
    </section>
  );
}
