// XXH128 of every chunk written, taken once while writing and compared when verifying.

import type { IHasher } from 'hash-wasm';
import { createXXHash128 } from '../io/xxh128';

/**
 * Blocks up to this size are hashed whole. Small blocks cost hash-wasm a call each (64 KiB blocks ran
 * at half the speed of 4 MiB ones); a mismatch is located to the byte afterwards (locate-mismatch.ts).
 */
export const hashBlock = 4 * 1024 * 1024;

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

/** Hashes `data` (which sits at `offset` on the target) in blocks of up to `hashBlock`, appending to `into`. */
export function hashBlocks(hash: Hasher, offset: number, data: Uint8Array, into: BlockHash[]): void {
  for (let at = 0; at < data.length; at += hashBlock) {
    const block = data.subarray(at, Math.min(at + hashBlock, data.length));
    into.push({ offset: offset + at, length: block.length, hash: hash(block) });
  }
}
