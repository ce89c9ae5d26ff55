// What the chosen root holds, and anything that keeps it off a stick.

import type { RootManifest } from '../../../../contract';
import { formatBytes } from '../../format';
import { CompileCheckSummary } from './CompileCheckView';

export function ManifestView({ manifest }: { manifest: RootManifest }) {
  return (
    <div className="manifest" aria-label="Root summary">
      <h2>{manifest.problems.length === 0 ? 'Root ready' : 'This root has problems'}</h2>
      <dl>
        <dt>Folder</dt>
        <dd>
          <code>{manifest.dir}</code>
        </dd>
        <dt>Contents</dt>
        <dd>
          {manifest.files.toLocaleString()} files in {manifest.directories.toLocaleString()} folders,{' '}
          {formatBytes(manifest.bytes)}
        </dd>
        <dt>Architectures</dt>
        <dd>{manifest.archs.length > 0 ? manifest.archs.join(', ') : 'none complete'}</dd>
        <dt>Go</dt>
        <dd>{manifest.goVersion ?? 'no /go/VERSION'}</dd>
        <dt>Commands</dt>
        <dd>
          {Object.entries(manifest.commands)
            .map(([arch, count]) => `${count} for ${arch}`)
            .join(', ') || 'none'}
        </dd>
      </dl>
      <CompileCheckSummary manifest={manifest} />
      {manifest.problems.length > 0 && (
        <ul role="alert" aria-label="Problems" className="problems">
          {manifest.problems.map((p) => (
            <li key={`${p.path}:${p.problem}`}>
              <code>{p.path}</code>: {p.problem}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
