// One progress line: what is happening, how far, how fast, how long to go.

import type { JobProgress } from '../../../contract';
import { formatBytes, formatDuration, formatSpeed } from '../format';

const phaseNames: Record<string, string> = {
  preparing: 'Preparing',
  composing: 'Composing',
  writing: 'Writing',
  verifying: 'Verifying',
  finishing: 'Finishing',
  done: 'Done',
  failed: 'Failed',
  building: 'Building',
  downloading: 'Downloading',
  extracting: 'Extracting',
};

export function ProgressBar({ label, progress }: { label: string; progress: JobProgress | undefined }) {
  const fraction = progress && progress.bytesTotal > 0 ? progress.bytesDone / progress.bytesTotal : 0;
  const percent = Math.round(fraction * 100);
  const phase = progress ? (phaseNames[progress.phase] ?? progress.phase) : 'Waiting';
  return (
    <div className="progress-line">
      <div className="progress-head">
        <strong>{label}</strong>
        <span className="muted">
          {phase}
          {progress && progress.bytesTotal > 0 && ` · ${percent}% of ${formatBytes(progress.bytesTotal)}`}
          {progress && progress.speed > 0 && ` · ${formatSpeed(progress.speed)}`}
          {progress?.eta !== undefined && ` · ${formatDuration(progress.eta)} left`}
        </span>
      </div>
      <progress aria-label={`${label}: ${phase}`} max={100} value={percent} />
    </div>
  );
}
