// Workshop mode: a running tally while every stick that is plugged in gets flashed, verified, ejected.

import { ErrorPanel } from '../../components/ErrorPanel';
import { TextField } from '../../components/TextField';
import { formatBytes, sizeOf } from '../../format';
import { useFields } from '../../store';

const statusText = {
  skipped: 'Skipped',
  flashing: 'Flashing…',
  done: 'Done, verified',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function WorkshopPanel() {
  const s = useFields(
    'workshopMin',
    'workshopMax',
    'workshopJobId',
    'workshopTally',
    'workshopStarted',
    'workshopSticks',
    'workshopError',
    'workshopStopping',
    'setWorkshopRange',
    'startWorkshop',
    'stopWorkshop',
  );
  const min = sizeOf(s.workshopMin);
  const max = sizeOf(s.workshopMax);
  const running = s.workshopJobId !== undefined;
  const tally = s.workshopTally;
  return (
    <section aria-labelledby="workshop-title" className="workshop">
      <h2 id="workshop-title">Workshop mode</h2>
      <p className="muted">
        Composes once, then flashes, verifies and ejects every stick you plug in whose size is in the range.
        Drives already plugged in are left alone.
      </p>
      <div className="actions">
        <TextField
          label="Smallest stick"
          value={s.workshopMin}
          disabled={running}
          invalid={min === undefined}
          onChange={(min) => s.setWorkshopRange({ min })}
        />
        <TextField
          label="Largest stick"
          value={s.workshopMax}
          disabled={running}
          invalid={max === undefined}
          onChange={(max) => s.setWorkshopRange({ max })}
        />
      </div>
      {!running ? (
        <button
          type="button"
          className="primary"
          disabled={min === undefined || max === undefined}
          onClick={() => void s.startWorkshop(min, max)}
        >
          Start workshop
        </button>
      ) : (
        <button type="button" disabled={s.workshopStopping} onClick={() => void s.stopWorkshop()}>
          {s.workshopStopping ? 'Stopping…' : 'Stop'}
        </button>
      )}
      {s.workshopError && <ErrorPanel error={s.workshopError} />}
      {s.workshopStarted && running && (
        <p role="status">
          Ready: plug in sticks. Each gets {formatBytes(s.workshopStarted.planBytes)} of a{' '}
          {formatBytes(s.workshopStarted.size)} image.
          {s.workshopStarted.untouched.length > 0 &&
            ` Left alone: ${s.workshopStarted.untouched.join(', ')}.`}
        </p>
      )}
      {tally && (
        <p aria-live="polite" className="tally" aria-label="Tally">
          <strong>{tally.done}</strong> done · <strong>{tally.failed}</strong> failed ·{' '}
          <strong>{tally.inProgress}</strong> in progress
          {tally.cancelled > 0 && ` · ${tally.cancelled} cancelled`}
          {tally.skipped > 0 && ` · ${tally.skipped} skipped`}
        </p>
      )}
      <ul className="results" aria-label="Sticks">
        {s.workshopSticks.map((stick) => (
          <li
            key={stick.device}
            className={`result ${stick.status === 'done' ? 'good' : stick.status === 'failed' || stick.status === 'cancelled' ? 'bad' : ''}`}
          >
            <strong>{stick.device}</strong> {stick.description} {formatBytes(stick.size)}:{' '}
            {statusText[stick.status]}
            {stick.reason && ` (${stick.reason})`}
            {stick.error && ` ${stick.error.title}: ${stick.error.detail}`}
            {stick.seconds !== undefined && ` in ${stick.seconds.toFixed(0)} s`}
          </li>
        ))}
      </ul>
    </section>
  );
}
