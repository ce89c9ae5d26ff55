// XXH128 from hash-wasm's one-algorithm build. The package's index holds all of its algorithms, and
// every thread that imports it pays for them: two idle I/O threads took 34 MB with the index and
// 19 MB with this build (docs/COMPOSER.md, "Memory of the I/O threads").

import { createRequire } from 'node:module';
import type { IHasher } from 'hash-wasm';

const load = createRequire(import.meta.url);

/** A fresh XXH128 hasher (WebAssembly). */
export const createXXHash128 = (
  load('hash-wasm/dist/xxhash128.umd.min.js') as { createXXHash128: () => Promise<IHasher> }
).createXXHash128;
