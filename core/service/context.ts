// What every handler group receives: how to push events, and which shell hosts the UI.

import type { Emit } from '../../contract';
import type { IoThreads } from '../io/io-threads';
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
  /** The threads that read, hash and verify for jobs run here; else the service starts its own. */
  threads?: IoThreads;
}

/** What the handler groups of one service share: its context, with the I/O threads it owns. */
export interface HandlerContext extends ServiceContext {
  threads: IoThreads;
}
