// Streams a tar archive (ustar, GNU long names, pax paths) and hands each entry to a callback.

import type { Readable } from 'node:stream';

export interface TarEntry {
  /** Path without a leading "./". */
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  mode: number;
  linkTarget: string;
}

/** Return a sink to receive the entry's data in pieces, or undefined to skip it. */
export type TarVisitor = (entry: TarEntry) => ((piece: Uint8Array) => void) | undefined;

const block = 512;

function field(header: Buffer, start: number, length: number): string {
  const end = header.indexOf(0, start);
  return header.toString('utf8', start, end === -1 || end > start + length ? start + length : end);
}

function octal(header: Buffer, start: number, length: number): number {
  if ((header[start] ?? 0) & 0x80) {
    // GNU base-256 for sizes above 8 GiB: not in kernel packages, but read it right anyway.
    let value = 0;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + (header[i] ?? 0);
    return value;
  }
  return Number.parseInt(field(header, start, length).trim() || '0', 8);
}

function paxPath(data: Buffer): string | undefined {
  for (const record of data.toString('utf8').split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record);
    if (match) return match[1];
  }
  return undefined;
}

/** Reads the whole stream; resolves when the archive ends. Throws on a malformed archive. */
export async function readTar(stream: Readable, visit: TarVisitor): Promise<void> {
  let buffered: Buffer = Buffer.alloc(0);
  let remaining = 0; // data bytes of the current entry still to come
  let padding = 0;
  let sink: ((piece: Uint8Array) => void) | undefined;
  let meta: Buffer[] | undefined; // collecting a long-name or pax record
  let metaKind = '';
  let longPath: string | undefined;
  for await (const chunk of stream) {
    buffered = buffered.length ? Buffer.concat([buffered, chunk as Buffer]) : (chunk as Buffer);
    let at = 0;
    for (;;) {
      if (remaining > 0) {
        const take = Math.min(remaining, buffered.length - at);
        if (take === 0) break;
        const piece = buffered.subarray(at, at + take);
        if (meta) meta.push(Buffer.from(piece));
        else sink?.(piece);
        at += take;
        remaining -= take;
        if (remaining > 0) break;
        if (meta) {
          const data = Buffer.concat(meta);
          longPath = metaKind === 'L' ? field(data, 0, data.length) : (paxPath(data) ?? longPath);
          meta = undefined;
        }
      }
      if (padding > 0) {
        const skip = Math.min(padding, buffered.length - at);
        at += skip;
        padding -= skip;
        if (padding > 0) break;
      }
      if (buffered.length - at < block) break;
      const header = buffered.subarray(at, at + block);
      at += block;
      if (header.every((b) => b === 0)) continue; // end-of-archive blocks
      const size = octal(header, 124, 12);
      const flag = String.fromCharCode(header[156] ?? 48);
      remaining = size;
      padding = (block - (size % block)) % block;
      sink = undefined;
      if (flag === 'L' || flag === 'x') {
        meta = [];
        metaKind = flag;
        if (size === 0) meta = undefined;
        continue;
      }
      const prefix = field(header, 345, 155);
      const name = longPath ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
      longPath = undefined;
      const type =
        flag === '0' || flag === '\0'
          ? 'file'
          : flag === '5'
            ? 'directory'
            : flag === '2'
              ? 'symlink'
              : 'other';
      sink = visit({
        path: name.replace(/^\.?\//, '').replace(/\/$/, ''),
        type,
        size,
        mode: octal(header, 100, 8),
        linkTarget: field(header, 157, 100),
      });
    }
    buffered = buffered.subarray(at);
  }
  if (remaining > 0) throw new Error(`the archive ends ${remaining} bytes into an entry (truncated)`);
}
