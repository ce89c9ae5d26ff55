// Decompresses a kernel module (.ko.xz, .ko.zst, .ko.gz) with the xz/zstd tools or zlib, within a cap.

import { spawn } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { appError, fail, ok, type Result } from '../../../contract';
import { readInput } from '../input-file';
import { formatMib, inputLimits } from '../limits';

/** Feeds `data` to `tool -dc` and collects at most `limit` bytes of its output. */
function run(tool: string, data: Uint8Array, limit: number): Promise<Uint8Array | string> {
  return new Promise((resolve) => {
    const child = spawn(tool, ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let size = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) child.kill('SIGKILL');
      else out.push(chunk);
    });
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.stdin.on('error', () => undefined); // reported by the exit below
    child.stdin.end(data);
    child.on('error', (e) => resolve(`${tool} could not be started: ${e.message}`));
    child.on('close', (code) =>
      resolve(
        size > limit
          ? `it decompresses to more than ${formatMib(limit)}`
          : code === 0
            ? new Uint8Array(Buffer.concat(out))
            : `${tool} exited with ${code}: ${stderr.trim()}`,
      ),
    );
  });
}

/** The module's ELF bytes, whatever compression its file name says it has. */
export async function readModule(path: string, limit = inputLimits.moduleBytes): Promise<Result<Uint8Array>> {
  const read = await readInput(path, 'kernel module', limit);
  if (!read.ok) return read;
  let data: Uint8Array | string;
  if (path.endsWith('.xz')) data = await run('xz', read.value, limit);
  else if (path.endsWith('.zst')) data = await run('zstd', read.value, limit);
  else if (!path.endsWith('.gz')) data = read.value;
  else {
    try {
      data = new Uint8Array(gunzipSync(read.value, { maxOutputLength: limit }));
    } catch (e) {
      data = (e as Error).message;
    }
  }
  if (typeof data !== 'string') return ok(data);
  return fail(
    appError('E_KERNEL_INVALID', `The kernel module ${path} cannot be read: ${data}.`, {
      hint: 'Supply the linux-image .deb again (it may be damaged), or a kernel with VFAT built in (CONFIG_VFAT_FS=y).',
    }),
  );
}
