// Boots an image file just written in QEMU, showing the serial console as it goes.

import { useState } from 'react';
import type { GoArch } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { useFields } from '../../store';

export function TryInEmulator({ image }: { image: string }) {
  const s = useFields(
    'kernels',
    'emulatorJobId',
    'emulatorResult',
    'emulatorError',
    'emulatorConsole',
    'tryInEmulator',
    'stopEmulator',
  );
  const archs = (Object.keys(s.kernels) as GoArch[]).filter((arch) => s.kernels[arch]?.kernel);
  const [arch, setArch] = useState<GoArch | undefined>(archs[0]);
  if (!arch) return null;
  const running = s.emulatorJobId !== undefined;
  return (
    <div className="emulator">
      <div className="actions">
        <label>
          Architecture{' '}
          <select value={arch} disabled={running} onChange={(e) => setArch(e.target.value as GoArch)}>
            {archs.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        {!running ? (
          <button type="button" onClick={() => void s.tryInEmulator(image, arch)}>
            Try it in an emulator
          </button>
        ) : (
          <button type="button" onClick={() => void s.stopEmulator()}>
            Stop the emulator
          </button>
        )}
      </div>
      {s.emulatorResult && (
        <p role="status" className="kernel-ok">
          ✓ It booted to the root&apos;s init in {s.emulatorResult.seconds.toFixed(1)} s.
        </p>
      )}
      {s.emulatorError && <ErrorPanel error={s.emulatorError} />}
      {(running || s.emulatorConsole.length > 0) && (
        <pre className="console" aria-label="Serial console" aria-live="polite">
          {s.emulatorConsole.join('\n')}
        </pre>
      )}
    </div>
  );
}
