// SHA-256 on a worker thread, so hashing a download runs beside the network and disk work, not after it.

import { Worker } from 'node:worker_threads';

// Plain JavaScript, so the worker runs the same from source (tsx) and from a bundle.
const workerSource = `
const { parentPort } = require('node:worker_threads');
const hash = require('node:crypto').createHash('sha256');
parentPort.on('message', (chunk) => {
  if (chunk === null) parentPort.postMessage(hash.digest('hex'));
  else hash.update(chunk);
});`;

const batchBytes = 1 << 20;

export class BackgroundSha256 {
  private readonly worker = new Worker(workerSource, { eval: true });
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** Queues bytes for hashing; the caller may reuse `chunk` afterwards. */
  update(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= batchBytes) this.flush();
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
      this.worker.once('message', resolve);
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
