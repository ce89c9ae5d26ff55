// What every handler group receives: how to push events, and which shell hosts the UI.

import type { Emit } from '../../contract';

export interface ServiceContext {
  emit: Emit;
  shell: 'electron' | 'browser';
  /** Where logs, caches and downloads live for this user. */
  dataDir: string;
}
