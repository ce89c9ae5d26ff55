// Shows an AppError the same way everywhere: title, what to do, details on demand.

import type { AppError } from '../../../contract';

export function ErrorPanel({ error }: { error: AppError }) {
  return (
    <div role="alert" className="error-panel">
      <h2>{error.title}</h2>
      <p>{error.detail}</p>
      <p>
        <strong>What to do:</strong> {error.hint}
      </p>
      {error.cause && (
        <details>
          <summary>Details</summary>
          <pre>{error.cause}</pre>
        </details>
      )}
    </div>
  );
}
