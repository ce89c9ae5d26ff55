// Starts one of our worker threads where package-files.ts finds it: built JavaScript, or a source through tsx.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { appError } from '../contract/errors';
import { EngineError } from './errors';
import { packageFiles, workerEntry, type WorkerName } from './package-files';

/** Built layouts run the built file; from source, ts-worker.mjs registers tsx in the thread first. */
export function startWorker(name: WorkerName): Worker {
  const files = packageFiles();
  const entry = workerEntry(name, files);
  if (!existsSync(entry))
    throw new EngineError(
      appError('E_TOOL_MISSING', `The ${name} worker (${entry}) has not been built.`, {
        hint: 'Run `npm run build` in the Sourcery Flasher folder, then try again.',
      }),
    );
  if (files.layout !== 'source') return new Worker(entry);
  // Node 20 applies no `--import tsx` in execArgv to a worker's own entry file, hence the bootstrap.
  return new Worker(join(files.root, 'core', 'ts-worker.mjs'), {
    workerData: { entry: pathToFileURL(entry).href },
  });
}
