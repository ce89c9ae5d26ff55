// Step 4: confirm the drives, then write and verify them with per-drive progress and cancel.

import { ErrorPanel } from '../../components/ErrorPanel';
import { NotLanded } from '../../components/NotLanded';
import { ProgressBar } from '../../components/ProgressBar';
import { useStore } from '../../store';
import { ConfirmFlash } from './ConfirmFlash';

export function FlashStep() {
  const { info, jobId, progress, flashError, selected, imageTarget, drives, startFlash, cancelFlash } =
    useStore();
  const targets = [...selected, ...(imageTarget ? [imageTarget.path] : [])];
  const running = jobId !== undefined && flashError === undefined;
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
          <ProgressBar label="All targets" progress={progress['']} />
          {targets.map((device) => (
            <ProgressBar key={device} label={labelOf(device)} progress={progress[device]} />
          ))}
          <button type="button" onClick={() => void cancelFlash()}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}
