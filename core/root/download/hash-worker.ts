// SHA-256 on a worker thread, so hashing a download runs beside the network and disk work, not after it.
//
// One thread serves every download of the process, started on first use and kept (unreferenced, so it
// never holds the process open): starting a thread costs about as long as hashing 100 MB, and from
// source (tsx) far more.

import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../start-worker';
import type { HashMessage, HashReply } from './sha256.worker';

const batchBytes = 1 << 20;

interface Session {
  acks: Map<number, () => void>;
  digested?: (hex: string) => void;
  failed: (error: unknown) => void;
}

/** The shared thread and the downloads it is hashing; undefined until first used or after it failed. */
let thread: { worker: Worker; sessions: Map<number, Session> } | undefined;
let nextId = 0;

function hashThread(): NonNullable<typeof thread> {
  if (thread) return thread;
  const worker = startWorker('sha256');
  const started = { worker, sessions: new Map<number, Session>() };
  worker.on('message', (message: HashReply) => {
    const session = started.sessions.get(message.id);
    if (!session) return;
    if ('digest' in message) session.digested?.(message.digest);
    else {
      session.acks.get(message.ack)?.();
      session.acks.delete(message.ack);
    }
  });
  const broken = (error: unknown) => {
    if (thread === started) thread = undefined;
    for (const session of started.sessions.values()) session.failed(error);
  };
  worker.on('error', broken);
  worker.on('exit', (code) => broken(new Error(`the SHA-256 thread ended (exit code ${code})`)));
  worker.unref();
  thread = started;
  return started;
}

export class BackgroundSha256 {
  private readonly id = nextId++;
  private readonly thread = hashThread();
  private readonly session: Session;
  private failure: { error: unknown } | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private nextAck = 0;

  constructor() {
    this.session = {
      acks: new Map(),
      failed: (error) => {
        this.failure ??= { error };
        for (const release of this.session.acks.values()) release();
      },
    };
    this.thread.sessions.set(this.id, this.session);
    // A download in progress keeps the process alive, as its socket does; an idle thread does not.
    if (this.thread.sessions.size === 1) this.thread.worker.ref();
  }

  private post(message: HashMessage, transfer: ArrayBuffer[] = []): void {
    this.thread.worker.postMessage(message, transfer);
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
    if (this.failure) return Promise.resolve(); // the digest reports it
    const ack = this.nextAck++;
    const done = new Promise<void>((resolve) => this.session.acks.set(ack, resolve));
    this.post({ id: this.id, shared: view.buffer, offset: view.byteOffset, length: view.length, ack });
    return done;
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    // One copy into a fresh buffer whose memory moves to the worker without another copy.
    const batch = Buffer.concat(this.pending, this.pendingBytes);
    const bytes = new Uint8Array(batch.buffer, batch.byteOffset, batch.length);
    const whole = batch.byteOffset === 0 && batch.buffer.byteLength === batch.length;
    this.post({ id: this.id, bytes }, whole ? [batch.buffer as ArrayBuffer] : []);
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** The hex digest of everything queued; this hash is then finished. */
  async digest(): Promise<string> {
    this.flush();
    try {
      const result = new Promise<string>((resolve, reject) => {
        this.session.digested = resolve;
        this.session.failed = reject;
        if (this.failure) reject(this.failure.error);
      });
      this.post({ id: this.id, digest: true });
      return await result;
    } finally {
      this.end();
    }
  }

  /** Forgets this hash without a digest (a failed attempt). */
  async discard(): Promise<void> {
    this.post({ id: this.id, drop: true });
    this.end();
    return Promise.resolve();
  }

  private end(): void {
    if (!this.thread.sessions.delete(this.id)) return;
    if (this.thread.sessions.size === 0) this.thread.worker.unref();
  }
}
