// Unpacks a Debian package (.deb) into a cache folder without dpkg, so it works on any OS with xz/zstd.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { dirname, join, normalize } from 'node:path';
import type { Readable } from 'node:stream';
import { appError, fail, ok, type Result } from '../../contract';
import { listAr } from './ar';
import { cacheDir } from './cache-dir';
import { readTar } from './tar-reader';

/** The tool that decompresses each data.tar flavour (gzip is done in-process). */
const decompressors: Record<string, string[] | undefined> = {
  'data.tar.xz': ['xz', '-dc'],
  'data.tar.zst': ['zstd', '-dc'],
};

async function fingerprint(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex').slice(0, 24);
}

function dataStream(
  path: string,
  name: string,
  start: number,
  size: number,
): { stream: Readable; done: Promise<string | undefined> } {
  const input = createReadStream(path, { start, end: start + size - 1 });
  if (name === 'data.tar.gz') return { stream: input.pipe(createGunzip()), done: Promise.resolve(undefined) };
  if (name === 'data.tar') return { stream: input, done: Promise.resolve(undefined) };
  const command = decompressors[name] ?? ['false'];
  const child = spawn(command[0] ?? 'false', command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  input.pipe(child.stdin);
  child.stdin.on('error', () => undefined); // the tool exiting early is reported by `done`
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<string | undefined>((resolve) => {
    child.on('error', (e) => resolve(`${command[0]} could not be started: ${e.message}`));
    child.on('close', (code) =>
      resolve(code === 0 ? undefined : `${command[0]} exited with ${code}: ${stderr.trim()}`),
    );
  });
  return { stream: child.stdout, done };
}

/**
 * Extracts every regular file of the package's data.tar into a folder keyed by the package's SHA-256,
 * and returns that folder. A second call with the same package returns at once.
 */
export async function unpackDeb(path: string, options: { cacheRoot?: string } = {}): Promise<Result<string>> {
  const root = options.cacheRoot ?? cacheDir('debs');
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    return fail(appError('E_IO', `Cannot read the package ${path}.`, { cause: (e as Error).message }));
  }
  let members;
  try {
    members = await listAr(handle);
  } finally {
    await handle.close();
  }
  const bad = (detail: string) =>
    fail<string>(
      appError('E_KERNEL_INVALID', `${path} is not a usable Debian package: ${detail}.`, {
        hint: 'Download the .deb again (apt-get download linux-image-<version>-<arch>), or pass the kernel file itself.',
      }),
    );
  if (typeof members === 'string') return bad(members);
  const data = members.find((m) => m.name.startsWith('data.tar'));
  if (!data) return bad('it has no data.tar member');
  if (data.name !== 'data.tar' && data.name !== 'data.tar.gz' && !decompressors[data.name]) {
    return bad(`its ${data.name} uses a compression this tool does not read (xz, zst and gz are supported)`);
  }
  const target = join(root, await fingerprint(path));
  if (await isComplete(target)) return ok(target);
  const partial = `${target}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  const { stream, done: toolDone } = dataStream(path, data.name, data.offset, data.size);
  // Written synchronously as each entry completes: thousands of small modules, one folder each
  // made once; this keeps memory to one entry and beats a flood of concurrent async writes.
  const made = new Set<string>();
  const put = (path: string, data: Uint8Array) => {
    const out = join(partial, path);
    const parent = dirname(out);
    if (!made.has(parent)) mkdirSync(parent, { recursive: true });
    made.add(parent);
    writeFileSync(out, data);
  };
  let unsafe: string | undefined;
  try {
    await readTar(stream, (entry) => {
      const clean = normalize(entry.path);
      if (clean.startsWith('..') || clean.startsWith('/')) {
        unsafe = entry.path;
        return undefined;
      }
      if (entry.type !== 'file') return undefined;
      if (entry.size === 0) {
        put(clean, new Uint8Array(0));
        return undefined;
      }
      const pieces: Uint8Array[] = [];
      let got = 0;
      return (piece) => {
        pieces.push(piece); // views into stream chunks, which are never reused
        got += piece.length;
        if (got === entry.size)
          put(clean, pieces.length === 1 ? (pieces[0] as Uint8Array) : Buffer.concat(pieces));
      };
    });
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    return bad(((await toolDone) ?? (e as Error).message).toString());
  }
  const toolError = await toolDone;
  if (toolError) {
    await rm(partial, { recursive: true, force: true });
    return toolError.includes('could not be started')
      ? fail(
          appError('E_TOOL_MISSING', toolError, {
            hint: 'Install xz-utils and zstd (apt-get install xz-utils zstd).',
          }),
        )
      : bad(toolError);
  }
  if (unsafe) {
    await rm(partial, { recursive: true, force: true });
    return fail(appError('E_ARCHIVE_UNSAFE', `${path} holds the path "${unsafe}", which leaves its folder.`));
  }
  await writeFile(join(partial, '.complete'), '');
  // Another process may have unpacked the same package meanwhile and be reading it: keep theirs.
  if (await isComplete(target)) {
    await rm(partial, { recursive: true, force: true });
    return ok(target);
  }
  await rm(target, { recursive: true, force: true }); // an interrupted earlier attempt
  try {
    await rename(partial, target);
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    if (!(await isComplete(target))) throw e;
  }
  return ok(target);
}

const isComplete = (dir: string) =>
  stat(join(dir, '.complete')).then(
    () => true,
    () => false,
  );
