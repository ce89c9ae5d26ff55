// The thread behind hash-worker.ts: SHA-256 of a download's bytes, beside the network and disk work.

import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

/** Bytes to hash (moved here), a view of shared memory to hash and acknowledge, or null for the digest. */
export type HashMessage =
  Uint8Array | { shared: ArrayBufferLike; offset: number; length: number; ack: number } | null;

export type HashReply = { ack: number } | { digest: string };

const port = parentPort;
if (!port) throw new Error('sha256.worker.ts runs only as a worker thread (hash-worker.ts starts it).');
const hash = createHash('sha256');
port.on('message', (message: HashMessage) => {
  if (message === null) port.postMessage({ digest: hash.digest('hex') } satisfies HashReply);
  else if ('shared' in message) {
    hash.update(new Uint8Array(message.shared, message.offset, message.length));
    port.postMessage({ ack: message.ack } satisfies HashReply);
  } else hash.update(message);
});
