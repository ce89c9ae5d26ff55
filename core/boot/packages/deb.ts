// Unpacks a Debian package (.deb) into a cache folder without dpkg, so it works on any OS with xz/zstd.

import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appError, fail, ok, type Result } from '../../../contract';
import { listAr } from './ar';
import { cacheDir } from '../../cache-dir';
import { DataError, extractData, readableMember } from './deb-data';
import { openInput } from '../input-file';
import { debLimits, type DebLimits } from '../limits';

async function fingerprint(file: FileHandle): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of file.createReadStream({ start: 0, autoClose: false }))
    hash.update(chunk as Buffer);
  return hash.digest('hex').slice(0, 24);
}

export interface UnpackOptions {
  cacheRoot?: string;
  /** Default: debLimits (docs/BOOT.md). */
  limits?: Partial<DebLimits>;
}

/**
 * Extracts every regular file of the package's data.tar into a folder keyed by the package's SHA-256,
 * and returns that folder. A second call with the same package returns at once. The package is read
 * through one descriptor (a regular file, checked once opened) and its data streamed, within limits.
 */
export async function unpackDeb(path: string, options: UnpackOptions = {}): Promise<Result<string>> {
  const limits = { ...debLimits, ...options.limits };
  const opened = await openInput(path, 'package', limits.packageBytes);
  if (!opened.ok) return opened;
  const file = opened.value.handle;
  try {
    return await unpackOpened(path, file, options.cacheRoot ?? cacheDir('debs'), limits);
  } finally {
    await file.close();
  }
}

async function unpackOpened(
  path: string,
  file: FileHandle,
  root: string,
  limits: DebLimits,
): Promise<Result<string>> {
  const bad = (detail: string, hint?: string) =>
    fail<string>(
      appError('E_KERNEL_INVALID', `${path} is not a usable Debian package: ${detail}.`, {
        hint:
          hint ??
          'Download the .deb again (apt-get download linux-image-<version>-<arch>), or pass the kernel file itself.',
      }),
    );
  const members = await listAr(file);
  if (typeof members === 'string') return bad(members);
  const data = members.find((m) => m.name.startsWith('data.tar'));
  if (!data) return bad('it has no data.tar member');
  if (!readableMember(data.name))
    return bad(`its ${data.name} uses a compression this tool does not read (xz, zst and gz are supported)`);
  const target = join(root, await fingerprint(file));
  if (await isComplete(target)) return ok(target);
  const partial = `${target}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  try {
    await extractData(file, data, partial, limits);
  } catch (thrown) {
    await rm(partial, { recursive: true, force: true });
    if (!(thrown instanceof DataError)) throw thrown;
    if (thrown.kind === 'tool-missing')
      return fail(
        appError('E_TOOL_MISSING', thrown.message, {
          hint: 'Install xz-utils and zstd (apt-get install xz-utils zstd).',
        }),
      );
    if (thrown.kind === 'unsafe') return fail(appError('E_ARCHIVE_UNSAFE', `${path} ${thrown.message}.`));
    if (thrown.kind === 'limit')
      return bad(
        thrown.message,
        'A kernel or stub package is far smaller; get the package from your distribution again.',
      );
    return bad(thrown.message);
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
