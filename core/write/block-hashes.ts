// XXH128 of every 64 KiB block written, taken once while writing and compared when verifying.

import { createXXHash128, type IHasher } from 'hash-wasm';

/** Blocks this size are hashed separately, so a mismatch is located to 64 KiB, not to a whole chunk. */
export const hashBlock = 64 * 1024;

export interface BlockHash {
  offset: number;
  length: number;
  hash: string;
}

export type Hasher = (data: Uint8Array) => string;

/** One XXH128 hasher (WebAssembly from hash-wasm), reused for every block. */
export async function createHasher(): Promise<Hasher> {
  const hasher: IHasher = await createXXHash128();
  return (data) => hasher.init().update(data).digest('hex');
}

/** Hashes `data` (which sits at `offset` on the target) in 64 KiB blocks, appending to `into`. */
export function hashBlocks(hash: Hasher, offset: number, data: Uint8Array, into: BlockHash[]): void {
  for (let at = 0; at < data.length; at += hashBlock) {
    const block = data.subarray(at, Math.min(at + hashBlock, data.length));
    into.push({ offset: offset + at, length: block.length, hash: hash(block) });
  }
}
