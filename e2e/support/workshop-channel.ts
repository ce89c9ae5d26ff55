// Tests: the organiser's side of a workshop channel, done with the built CLI: a key pair, a bootable
// root and a Debian kernel published, the site served on 127.0.0.1, and the channel file handed out.

import assert from 'node:assert/strict';
import { copyFile, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { runBuiltCliAsync } from '../../cli/testing/built-cli';
import { buildGo, goSource } from '../../core/boot/go-build';
import { channelLinkText } from '../../core/channel/subscription';
import { startFileServer, type ServedFile } from '../../core/root/testing/file-server';
import { makeRoot } from '../../core/root/testing/make-root';

export interface WorkshopChannel {
  channelFile: string;
  close: () => Promise<void>;
  /** Seconds the organiser's steps took (keys, build of the test init, publish). */
  publishSeconds: number;
}

/** A valid root whose amd64 init prints the banner the boot test waits for. */
async function bootableRoot(work: string): Promise<string> {
  const root = join(work, 'root');
  await makeRoot(root);
  const init = await buildGo(goSource('testinit'), 'amd64');
  if (!init.ok) throw new Error(init.error.detail);
  await copyFile(init.value, join(root, 'linux_amd64', 'bin', 'init'));
  return root;
}

/** The files of `dir` keyed by their URL path under `prefix`. */
async function servedFolder(dir: string, prefix: string): Promise<Record<string, ServedFile>> {
  const files: Record<string, ServedFile> = {};
  const walk = async (folder: string): Promise<void> => {
    for (const name of await readdir(folder)) {
      const path = join(folder, name);
      if ((await stat(path)).isDirectory()) await walk(path);
      else files[`${prefix}/${relative(dir, path)}`] = { body: await readFile(path) };
    }
  };
  await walk(dir);
  return files;
}

/** Publishes "Workshop root" with `kernel` for amd64 under `work` and serves it; the channel is "Workshop". */
export async function publishWorkshop(work: string, kernel: string): Promise<WorkshopChannel> {
  const started = Date.now();
  const keys = await runBuiltCliAsync(['keys', 'generate', '--out', join(work, 'organiser')]);
  assert.equal(keys.code, 0, keys.stderr);
  const site = join(work, 'site');
  const published = await runBuiltCliAsync([
    'root',
    'publish',
    await bootableRoot(work),
    '--out',
    site,
    '--key',
    join(work, 'organiser.key'),
    '--name',
    'Workshop root',
    '--kernel',
    `amd64=${kernel}`,
  ]);
  assert.equal(published.code, 0, published.stderr);
  const server = await startFileServer(await servedFolder(site, '/workshop'));
  const publicKey = (await readFile(join(work, 'organiser.pub'), 'utf8')).split('\n')[1]!;
  const channelFile = join(work, 'workshop.sourcery-channel');
  await writeFile(
    channelFile,
    channelLinkText({ url: server.url('/workshop/channel.json'), key: publicKey, name: 'Workshop' }),
  );
  return { channelFile, close: () => server.close(), publishSeconds: (Date.now() - started) / 1000 };
}
