// The thread behind hash-worker.ts: SHA-256 of downloads' bytes, beside the network and disk work.

import { createHash, type Hash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

/**
 * For download `id`: bytes to hash (moved here), a view of shared memory to hash and acknowledge,
 * a request for the digest (which ends that download's hash), or `drop` to forget it.
 */
export type HashMessage = { id: number } & (
  | { bytes: Uint8Array }
  | { shared: ArrayBufferLike; offset: number; length: number; ack: number }
  | { digest: true }
  | { drop: true }
);

export type HashReply = { id: number } & ({ ack: number } | { digest: string });

const port = parentPort;
if (!port) throw new Error('sha256.worker.ts runs only as a worker thread (hash-worker.ts starts it).');
const hashes = new Map<number, Hash>();
const hashOf = (id: number): Hash => {
  let hash = hashes.get(id);
  if (!hash) hashes.set(id, (hash = createHash('sha256')));
  return hash;
};
port.on('message', (message: HashMessage) => {
  const { id } = message;
  if ('bytes' in message) hashOf(id).update(message.bytes);
  else if ('shared' in message) {
    hashOf(id).update(new Uint8Array(message.shared, message.offset, message.length));
    port.postMessage({ id, ack: message.ack } satisfies HashReply);
  } else if ('digest' in message) {
    port.postMessage({ id, digest: hashOf(id).digest('hex') } satisfies HashReply);
    hashes.delete(id);
  } else hashes.delete(id);
});
