// From source only (start-worker.ts): registers tsx in this worker thread, then runs the TypeScript entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
