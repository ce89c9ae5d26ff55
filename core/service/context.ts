// What every handler group receives: how to push events, and which shell hosts the UI.

import type { Emit } from '../../contract';

export interface ServiceContext {
  emit: Emit;
  shell: 'electron' | 'browser';
  /** Where logs, caches and downloads live for this user. */
  dataDir: string;
  /** Aborts when the host (window or server) closes, stopping watchers and jobs it started. */
  signal?: AbortSignal;
}
