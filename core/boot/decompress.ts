// Decompresses a kernel module (.ko.xz, .ko.zst, .ko.gz) with the xz/zstd tools or zlib.

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

function run(tool: string, path: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    execFile(tool, ['-dc', path], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(new Error(`${tool} -dc ${path}: ${error.message}`)) : resolve(new Uint8Array(stdout)),
    );
  });
}

/** The module's ELF bytes, whatever compression its file name says it has. */
export async function readModule(path: string): Promise<Uint8Array> {
  if (path.endsWith('.xz')) return run('xz', path);
  if (path.endsWith('.zst')) return run('zstd', path);
  const data = new Uint8Array(await readFile(path));
  return path.endsWith('.gz') ? new Uint8Array(gunzipSync(data)) : data;
}
