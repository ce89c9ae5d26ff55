// What every handler group receives: how to push events, and which shell hosts the UI.

import type { Emit } from '../../contract';
import type { FieldGrants } from './grants';

export interface ServiceContext {
  emit: Emit;
  shell: 'electron' | 'browser';
  /** Where logs, caches and downloads live for this user. */
  dataDir: string;
  /** Aborts when the host (window or server) closes, stopping watchers and jobs it started. */
  signal?: AbortSignal;
  /** Paths the user chose per field (main's dialog and drops, the folder browser); one per host. */
  grants?: FieldGrants;
  /** Where the engine's own complaints go (a settings file it ignored); stderr by default. */
  report?: (line: string) => void;
}
