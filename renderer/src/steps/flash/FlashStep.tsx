// Step 4: confirm the drives, then write and verify them with per-drive progress and cancel.

import { ErrorPanel } from '../../components/ErrorPanel';
import { NotLanded } from '../../components/NotLanded';
import { ProgressBar } from '../../components/ProgressBar';
import { useFields, useStore } from '../../store';
import { ConfirmFlash } from './ConfirmFlash';

/** One target's line (or the job's, under ''): the only part a progress event renders again. */
function TargetProgress({ target, label }: { target: string; label: string }) {
  const progress = useStore((s) => s.flashProgress[target]);
  return <ProgressBar label={label} progress={progress} />;
}

export function FlashStep() {
  const { info, flashJobId, flashError, selected, imageTarget, drives, startFlash, cancelFlash } = useFields(
    'info',
    'flashJobId',
    'flashError',
    'selected',
    'imageTarget',
    'drives',
    'startFlash',
    'cancelFlash',
  );
  const targets = [...selected, ...(imageTarget ? [imageTarget.path] : [])];
  const running = flashJobId !== undefined && flashError === undefined;
  const labelOf = (device: string) => {
    const drive = drives.find((d) => d.device === device);
    return drive ? `${drive.description || device} (${device})` : device;
  };
  return (
    <section aria-labelledby="flash-title">
      <h1 tabIndex={-1} id="flash-title">
        Flash
      </h1>
      {!info?.capabilities.write && <NotLanded what="Writing sticks" />}
      {flashError && <ErrorPanel error={flashError} />}
      {!running ? (
        <ConfirmFlash onConfirm={(large) => void startFlash(large)} />
      ) : (
        <div aria-live="polite">
          <TargetProgress target="" label="All targets" />
          {targets.map((device) => (
            <TargetProgress key={device} target={device} label={labelOf(device)} />
          ))}
          <button type="button" onClick={() => void cancelFlash()}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}
