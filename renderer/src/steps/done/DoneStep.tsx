// Step 5: the result per target, eject, flash more with the same settings, and the log.

import { useState } from 'react';
import type { FlashTargetResult } from '../../../../contract';
import { LogView } from '../../components/LogView';
import { formatBytes } from '../../format';
import { useFields, useStore } from '../../store';
import { TryInEmulator } from './TryInEmulator';

function TargetResult({ target }: { target: FlashTargetResult }) {
  const api = useStore((s) => s.api);
  const [ejected, setEjected] = useState<string>();
  return (
    <li className={`result ${target.ok ? 'good' : 'bad'}`}>
      <strong>{target.device}</strong>{' '}
      {target.ok ? (
        <span>Written and verified ({formatBytes(target.bytesWritten)} checked byte for byte).</span>
      ) : (
        <span role="alert">
          {target.error.title}: {target.error.detail} <em>{target.error.hint}</em>
          {target.firstMiBZeroed && ' Its first MiB was zeroed, so it will not be mistaken for a good stick.'}
        </span>
      )}
      {target.ok && target.device.startsWith('/dev/') && !ejected && (
        <button
          type="button"
          onClick={() =>
            void api
              ?.drivesEject({ device: target.device })
              .then((r) => setEjected(r.ok ? r.value.message : r.error.detail))
          }
        >
          Eject
        </button>
      )}
      {ejected && <span className="muted"> {ejected}</span>}
      {target.ok && !target.device.startsWith('/dev/') && <TryInEmulator image={target.device} />}
    </li>
  );
}

export function DoneStep() {
  const { flashResult, flashLog, flashMore } = useFields('flashResult', 'flashLog', 'flashMore');
  if (!flashResult) return <p>Nothing has been flashed yet.</p>;
  const good = flashResult.targets.filter((t) => t.ok).length;
  return (
    <section aria-labelledby="done-title">
      <h1 tabIndex={-1} id="done-title">
        {good === flashResult.targets.length
          ? 'All done'
          : `${good} of ${flashResult.targets.length} succeeded`}
      </h1>
      <ul className="results" aria-label="Results">
        {flashResult.targets.map((t) => (
          <TargetResult key={t.device} target={t} />
        ))}
      </ul>
      <button type="button" className="primary" onClick={flashMore}>
        Flash more with the same settings
      </button>
      <LogView lines={flashLog} />
    </section>
  );
}
