// SHA-256 on a worker thread, so hashing a download runs beside the network and disk work, not after it.

import { Worker } from 'node:worker_threads';

// Plain JavaScript, so the worker runs the same from source (tsx) and from a bundle. A message is
// bytes to hash (moved here), a view of shared memory to hash and acknowledge, or null for the digest.
const workerSource = `
const { parentPort } = require('node:worker_threads');
const hash = require('node:crypto').createHash('sha256');
parentPort.on('message', (message) => {
  if (message === null) parentPort.postMessage({ digest: hash.digest('hex') });
  else if (message.shared) {
    hash.update(new Uint8Array(message.shared, message.offset, message.length));
    parentPort.postMessage({ ack: message.ack });
  } else hash.update(message);
});`;

const batchBytes = 1 << 20;

export class BackgroundSha256 {
  private readonly worker = new Worker(workerSource, { eval: true });
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly acks = new Map<number, () => void>();
  private nextAck = 0;
  private digested: ((hex: string) => void) | undefined;

  constructor() {
    this.worker.on('message', (message: { ack?: number; digest?: string }) => {
      if (message.digest !== undefined) this.digested?.(message.digest);
      else if (message.ack !== undefined) {
        this.acks.get(message.ack)?.();
        this.acks.delete(message.ack);
      }
    });
  }

  /** Queues bytes for hashing; the caller may reuse `chunk` afterwards. */
  update(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= batchBytes) this.flush();
  }

  /**
   * Hashes a view of shared memory in place, after everything queued before it; resolves once it
   * is hashed and the memory may be reused.
   */
  updateShared(view: Uint8Array): Promise<void> {
    this.flush();
    const ack = this.nextAck++;
    const done = new Promise<void>((resolve) => this.acks.set(ack, resolve));
    this.worker.postMessage({ shared: view.buffer, offset: view.byteOffset, length: view.length, ack });
    return done;
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    // One copy into a fresh buffer whose memory moves to the worker without another copy.
    const batch = Buffer.concat(this.pending, this.pendingBytes);
    const bytes = new Uint8Array(batch.buffer, batch.byteOffset, batch.length);
    this.worker.postMessage(
      bytes,
      batch.byteOffset === 0 && batch.buffer.byteLength === batch.length ? [batch.buffer] : [],
    );
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** The hex digest of everything queued; the worker ends. */
  async digest(): Promise<string> {
    this.flush();
    const result = new Promise<string>((resolve, reject) => {
      this.digested = resolve;
      this.worker.once('error', reject);
    });
    this.worker.postMessage(null);
    try {
      return await result;
    } finally {
      await this.worker.terminate();
    }
  }

  /** Ends the worker without a digest (a failed attempt). */
  async discard(): Promise<void> {
    await this.worker.terminate();
  }
}
