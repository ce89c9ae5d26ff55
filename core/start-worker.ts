// Starts one of our worker threads where package-files.ts finds it: built JavaScript, or a source through tsx.

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packageFiles, workerEntry, type WorkerName } from './package-files';

/** Built layouts run the built file; from source, ts-worker.mjs registers tsx in the thread first. */
export function startWorker(name: WorkerName): Worker {
  const files = packageFiles();
  const entry = workerEntry(name, files);
  if (files.layout !== 'source') return new Worker(entry);
  // Node 20 applies no `--import tsx` in execArgv to a worker's own entry file, hence the bootstrap.
  return new Worker(join(files.root, 'core', 'ts-worker.mjs'), {
    workerData: { entry: pathToFileURL(entry).href },
  });
}
