// Retries an I/O call on transient errors (a stick resetting on the bus), with growing pauses.

const transient = new Set(['EIO', 'EBUSY', 'ENXIO', 'EAGAIN', 'EINTR', 'ETIMEDOUT']);

export const isTransient = (thrown: unknown): boolean =>
  transient.has((thrown as NodeJS.ErrnoException | undefined)?.code ?? '');

export interface RetryOptions {
  /** Pauses before each retry, in ms; their count is the number of retries. */
  delays?: number[];
  signal?: AbortSignal;
}

export const defaultDelays = [100, 400, 1600];

/** Runs `call`; on a transient error waits and tries again, rethrowing the last error when out of tries. */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const delays = options.delays ?? defaultDelays;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (thrown) {
      const delay = delays[attempt];
      if (!isTransient(thrown) || delay === undefined || options.signal?.aborted) throw thrown;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
