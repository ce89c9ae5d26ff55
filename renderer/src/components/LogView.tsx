// The job's log lines, folded away until asked for.

import type { LogLine } from '../../../contract';

export function LogView({ lines }: { lines: LogLine[] }) {
  return (
    <details className="log">
      <summary>Log ({lines.length} lines)</summary>
      <pre aria-label="Log">
        {lines.map((l) => `${l.time.slice(11, 19)} ${l.level.padEnd(5)} ${l.message}`).join('\n')}
      </pre>
    </details>
  );
}
