// Page-aligned chunk buffers for direct I/O, carved out of one shared WebAssembly.Memory.

// O_DIRECT needs the buffer address aligned to the logical block size. Node's Buffers are not
// (large ones sit 16 bytes into an mmap), but a WebAssembly.Memory's backing store is page-aligned
// and never moves while we do not grow it, so fixed slots inside it stay aligned. No native addon.
// The memory is shared (a SharedArrayBuffer), so reader threads fill slots in place (parallel-chunks.ts).

const wasmPage = 64 * 1024;
/** Shared memory fills ten times slower than it copies (V8), so zeroing copies from here. */
const zeros = new Uint8Array(64 * 1024);

// lib ES2023 and @types/node 20 do not declare WebAssembly; this is the one part we use.
interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}
const { Memory } = (
  globalThis as unknown as {
    WebAssembly: {
      Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
    };
  }
).WebAssembly;

export class AlignedPool {
  readonly #memory: WasmMemory;
  readonly #free: number[];
  readonly #waiters: Array<() => void> = [];

  constructor(
    readonly slotSize: number,
    readonly slots: number,
  ) {
    if (slotSize % 4096 !== 0) throw new Error(`slot size ${slotSize} is not a multiple of 4096`);
    const pages = Math.ceil((slotSize * slots) / wasmPage);
    this.#memory = new Memory({ initial: pages, maximum: pages, shared: true });
    // Touched page by page, in order, the memory is mostly physically contiguous, so a direct I/O
    // is fewer disk requests. Why it matters: see docs/WRITING.md §"Aligned memory".
    const bytes = new Uint8Array(this.#memory.buffer);
    for (let at = 0; at < bytes.length; at += 4096) bytes[at] = 0;
    this.#free = Array.from({ length: slots }, (_, i) => slots - 1 - i);
  }

  /** The memory every slot lives in, for threads that fill slots. */
  get memory(): SharedArrayBuffer {
    return this.#memory.buffer;
  }

  get available(): number {
    return this.#free.length;
  }

  /**
   * A view of `size` bytes at the start of a free slot, zero-filled unless `zero` is false (a buffer
   * about to be read into needs no clearing). Call only when `available > 0`.
   */
  readonly allocate = (size: number, zero = true): Uint8Array => {
    if (size > this.slotSize)
      throw new Error(`chunk of ${size} bytes does not fit a ${this.slotSize}-byte slot`);
    const slot = this.#free.pop();
    if (slot === undefined) throw new Error('aligned pool exhausted: await whenFree() before allocating');
    const view = new Uint8Array(this.#memory.buffer, slot * this.slotSize, size);
    if (zero) this.clear(view, 0, size);
    return view;
  };

  /** Zeroes `view[start, end)`, a slot or part of one. */
  clear(view: Uint8Array, start: number, end: number): void {
    for (let at = start; at < end; at += zeros.length)
      view.set(zeros.subarray(0, Math.min(zeros.length, end - at)), at);
  }

  /** Gives a view's slot back; wakes every waiter. */
  readonly release = (view: Uint8Array): void => {
    const slot = Math.floor(view.byteOffset / this.slotSize);
    if (this.#free.includes(slot)) throw new Error(`slot ${slot} released twice`);
    this.#free.push(slot);
    for (const wake of this.#waiters.splice(0)) wake();
  };

  /** Resolves once at least one slot is free. */
  whenFree(): Promise<void> {
    if (this.#free.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}

/** Idle pools by shape, at most one each: see `borrowPool`. */
const idle = new Map<string, AlignedPool>();

/**
 * A pool of `slots` free slots of `slotSize` bytes, the idle one left by an earlier stream when there
 * is one. Fresh memory costs a page fault per 4 KiB on first touch (tens of milliseconds for a
 * writer's 44 MiB, on every run); a reused pool is already mapped. Give it back with `returnPool`.
 */
export function borrowPool(slotSize: number, slots: number): AlignedPool {
  const key = `${slotSize}x${slots}`;
  const pool = idle.get(key);
  idle.delete(key);
  return pool ?? new AlignedPool(slotSize, slots);
}

/** Keeps a pool whose slots are all free for the next `borrowPool` of its shape. */
export function returnPool(pool: AlignedPool): void {
  if (pool.available === pool.slots) idle.set(`${pool.slotSize}x${pool.slots}`, pool);
}
