// SHA-256 on a worker thread, so hashing a download runs beside the network and disk work, not after it.

import { startWorker } from '../../start-worker';
import type { HashMessage, HashReply } from './sha256.worker';

const batchBytes = 1 << 20;

export class BackgroundSha256 {
  private readonly worker = startWorker('sha256');
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly acks = new Map<number, () => void>();
  private nextAck = 0;
  private digested: ((hex: string) => void) | undefined;

  constructor() {
    this.worker.on('message', (message: HashReply) => {
      if ('digest' in message) this.digested?.(message.digest);
      else {
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
    const message: HashMessage = { shared: view.buffer, offset: view.byteOffset, length: view.length, ack };
    this.worker.postMessage(message);
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
    this.worker.postMessage(null satisfies HashMessage);
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
