// The build's compile check per architecture: where it is while it runs, then what it found: time,
// commands left out and why, and the size of the warm build cache the root keeps.

import type { GoArch, RootManifest } from '../../../../contract';
import { formatBytes } from '../../format';
import type { CompileCheckState } from '../../store/root-slice';

const label = { checking: 'compiling every command…', checked: 'checked' } as const;

/** While a build runs: one line per architecture whose check has started. */
export function CompileCheckProgress({ state }: { state: CompileCheckState }) {
  const entries = Object.entries(state) as [GoArch, 'checking' | 'checked'][];
  if (entries.length === 0) return null;
  return (
    <ul className="compile-check" aria-label="Compile check">
      {entries.map(([arch, where]) => (
        <li key={arch}>
          <strong>{arch}</strong>: {label[where]}
        </li>
      ))}
    </ul>
  );
}

/** After a build: per architecture, the check's time, the cache size and every command left out. */
export function CompileCheckSummary({ manifest }: { manifest: RootManifest }) {
  const seconds = manifest.compileSeconds ?? {};
  const archs = Object.keys(seconds) as GoArch[];
  if (archs.length === 0) return null;
  const leftOut = manifest.leftOut ?? [];
  return (
    <div className="compile-check" aria-label="Compile check results">
      <h3>Compile check</h3>
      <table>
        <thead>
          <tr>
            <th>Architecture</th>
            <th>Time</th>
            <th>Left out</th>
            <th>Warm build cache</th>
          </tr>
        </thead>
        <tbody>
          {archs.map((arch) => (
            <tr key={arch}>
              <td>{arch}</td>
              <td>{(seconds[arch] ?? 0).toFixed(1)} s</td>
              <td>{leftOut.filter((l) => l.arch === arch).length}</td>
              <td>{manifest.warmCache?.[arch] ? formatBytes(manifest.warmCache[arch]) : 'none'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {leftOut.length > 0 && (
        <ul aria-label="Commands left out" className="problems">
          {leftOut.map((l) => (
            <li key={`${l.arch}:${l.dir}`}>
              <strong>{l.command}</strong> ({l.arch}) does not compile and has no command there:{' '}
              <code>{l.reason}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
