// The one way the wizard names a job: its kind, the time and a random tail, so two jobs never share an id.

export const newJobId = (kind: string): string =>
  `${kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
