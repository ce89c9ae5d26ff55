// For tests and benches: one set of I/O threads per process, started on first use. Idle, they keep
// nothing alive, so no test has to close them.

import { createIoThreads, type IoThreads } from '../io-threads';

let threads: IoThreads | undefined;

export const testThreads = (): IoThreads => (threads ??= createIoThreads());
