// `root fetch --channel` and `--channel-file` as a user runs them: the built CLI publishes a root with a
// kernel, a real server on 127.0.0.1 serves it, and every way the channel can lie is refused with
// nothing extracted.

import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fakeBzImage, fakeImage } from '../../core/boot/testing/fixtures';
import type { Channel } from '../../core/channel/manifest';
import { trustedComment } from '../../core/channel/manifest';
import { channelLinkText } from '../../core/channel/subscription';
import { startFileServer, type FileServer, type ServedFile } from '../../core/root/testing/file-server';
import { makeRoot } from '../../core/root/testing/make-root';
import { generateKeys, parseSecretKey, prehash, signPrehashed } from '../../core/sign/minisign';
import { runBuiltCliAsync } from '../testing/built-cli';

const scratch = mkdtempSync(join(tmpdir(), 'root-channel-cli-'));
const site = join(scratch, 'site');
const files: Record<string, ServedFile> = {};
let server: FileServer;
let publicKey: string;
/** Another publisher's key: the channel does not check with it. */
const otherKey = (await generateKeys()).publicFile.split('\n')[1]!;
let published: Channel;
/** The site as first published, to put back after each case. */
let genuine: Record<string, ServedFile>;

let run = 0;
/** Runs the built CLI with its own cache, so no case is answered from another's download. */
const cli = (...args: string[]) =>
  runBuiltCliAsync(args, { env: { ...process.env, XDG_CACHE_HOME: join(scratch, `cache-${(run += 1)}`) } });

const serveSite = (): void => {
  const walk = (folder: string): string[] =>
    readdirSync(folder).flatMap((name) => {
      const path = join(folder, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  for (const path of walk(site)) files[`/site/${relative(site, path)}`] = { body: readFileSync(path) };
};

/** Signs a changed channel with the real secret key, as only a careless publisher could. */
async function serveSigned(channel: Channel, timestamp: number): Promise<void> {
  const secret = await parseSecretKey(readFileSync(join(scratch, 'keys.key'), 'utf8'));
  if ('code' in secret) throw new Error(secret.detail);
  const bytes = Buffer.from(JSON.stringify(channel));
  files['/site/channel.json'] = { body: bytes };
  files['/site/channel.json.minisig'] = {
    body: Buffer.from(signPrehashed(prehash(bytes), secret, trustedComment(timestamp))),
  };
}

const channelUrl = () => server.url('/site/channel.json');
const fetchWith = (out: string, ...rest: string[]) =>
  cli(
    'root',
    'fetch',
    channelUrl(),
    '--channel',
    '--key',
    publicKey,
    '--data-dir',
    join(scratch, `data-${out}`),
    '--out',
    join(scratch, out),
    ...rest,
  );

beforeAll(async () => {
  await makeRoot(join(scratch, 'root'));
  writeFileSync(join(scratch, 'vmlinuz-6.1.0-test-amd64'), fakeBzImage(64 * 1024));
  const keys = await cli('keys', 'generate', '--out', join(scratch, 'keys'));
  expect(keys.code, keys.stderr).toBe(0);
  publicKey = readFileSync(join(scratch, 'keys.pub'), 'utf8').split('\n')[1]!;
  const publish = await cli(
    'root',
    'publish',
    join(scratch, 'root'),
    '--out',
    site,
    '--key',
    join(scratch, 'keys.key'),
    '--name',
    'workshop',
    '--kernel',
    `amd64=${join(scratch, 'vmlinuz-6.1.0-test-amd64')}`,
  );
  expect(publish.code, publish.stderr).toBe(0);
  published = JSON.parse(readFileSync(join(site, 'channel.json'), 'utf8')) as Channel;
  serveSite();
  genuine = { ...files };
  server = await startFileServer(files);
}, 60_000);
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Puts the published site back after a case changed it. */
const restore = (): void => {
  for (const key of Object.keys(files)) delete files[key];
  Object.assign(files, genuine);
};

describe('root fetch from a signed channel', () => {
  test('brings the root and its kernel, by address and key and by channel file', async () => {
    const good = await fetchWith('good', '--arch', 'amd64');
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/entry: +workshop/);
    expect(good.stdout).toMatch(/architectures: amd64/);
    const kernel = /kernel: +amd64 (\S+)/.exec(good.stdout)?.[1];
    expect(readFileSync(kernel!)).toEqual(readFileSync(join(scratch, 'vmlinuz-6.1.0-test-amd64')));

    writeFileSync(
      join(scratch, 'workshop.sourcery-channel'),
      channelLinkText({ url: channelUrl(), key: publicKey, name: 'Workshop' }),
    );
    const byFile = await cli(
      'root',
      'fetch',
      '--channel-file',
      join(scratch, 'workshop.sourcery-channel'),
      '--data-dir',
      join(scratch, 'data-file'),
      '--out',
      join(scratch, 'by-file'),
    );
    expect(byFile.code, byFile.stderr).toBe(0);
    expect(byFile.stdout).toMatch(/channel: +Workshop/);
    expect(existsSync(join(scratch, 'by-file', 'linux_amd64', 'bin', 'init'))).toBe(true);
  }, 60_000);

  const refusals: [string, () => Promise<void> | void, RegExp, string[]?][] = [
    [
      'a tampered manifest',
      () => {
        files['/site/channel.json'] = {
          body: Buffer.from(genuine['/site/channel.json']!.body.toString().replace('workshop', 'worksh0p')),
        };
      },
      /not signed by its key/,
    ],
    ['a wrong key', () => undefined, /not signed by its key/, ['--key', otherKey]],
    [
      'a truncated signature',
      () => {
        const text = genuine['/site/channel.json.minisig']!.body;
        files['/site/channel.json.minisig'] = { body: text.subarray(0, text.length - 40) };
      },
      /signature/i,
    ],
    [
      'an unsigned channel',
      () => {
        delete files['/site/channel.json.minisig'];
      },
      /unsigned channels are refused/,
    ],
    [
      'an archive with another hash',
      () => {
        const url = `/site/${published.roots[0]!.url}`;
        const body = genuine[url]!.body;
        files[url] = { body: Buffer.concat([body.subarray(0, -1), Buffer.from([body.at(-1)! ^ 1])]) };
      },
      /SHA-256 .*expected/,
    ],
    [
      'an archive larger than stated',
      () => {
        const url = `/site/${published.roots[0]!.url}`;
        files[url] = { body: Buffer.concat([genuine[url]!.body, Buffer.alloc(4096)]) };
      },
      /the manifest states \d+/,
    ],
    ['no root for the chosen architecture', () => undefined, /has no root for arm64/, ['--arch', 'arm64']],
    [
      'a kernel of the wrong architecture',
      async () => {
        const arm = Buffer.from(fakeImage('arm64', 64 * 1024));
        files['/site/kernels/arm.img'] = { body: arm };
        const entry = published.roots[0]!;
        await serveSigned(
          {
            roots: [
              {
                ...entry,
                kernels: {
                  amd64: {
                    url: 'kernels/arm.img',
                    size: arm.length,
                    sha256: createHash('sha256').update(arm).digest('hex'),
                    file: 'Image',
                  },
                },
              },
            ],
          },
          4_000_000_000,
        );
      },
      /kernel for amd64 \(Image\) is refused/,
    ],
  ];
  for (const [what, change, message, extra] of refusals)
    test(`refuses ${what}: a clear error, exit 3, nothing extracted`, async () => {
      await change();
      try {
        const out = what.replace(/\W+/g, '-');
        const refused = await fetchWith(out, ...(extra ?? []));
        expect(refused.code, refused.stderr).toBe(3);
        expect(refused.stderr).toMatch(/^error: /m);
        expect(refused.stderr).toMatch(/what to do: \S/);
        expect(refused.stderr).toMatch(message);
        expect(existsSync(join(scratch, out))).toBe(false);
      } finally {
        restore();
      }
    }, 30_000);

  test('refuses an older manifest replayed after a newer one was seen', async () => {
    const data = join(scratch, 'data-replay');
    const older = { ...genuine };
    // The organiser publishes again: the channel is newer, and this user sees it.
    const again = await cli(
      'root',
      'publish',
      join(scratch, 'root'),
      '--out',
      site,
      '--key',
      join(scratch, 'keys.key'),
      '--name',
      'workshop 2',
    );
    expect(again.code, again.stderr).toBe(0);
    serveSite();
    const newer = await cli(
      'root',
      'fetch',
      channelUrl(),
      '--channel',
      '--key',
      join(scratch, 'keys.pub'),
      '--data-dir',
      data,
      '--out',
      join(scratch, 'newer'),
    );
    expect(newer.code, newer.stderr).toBe(0);
    expect(newer.stdout).toMatch(/entry: +workshop 2/);
    // Someone on the path serves the first, genuinely signed, channel again.
    Object.assign(files, {
      '/site/channel.json': older['/site/channel.json']!,
      '/site/channel.json.minisig': older['/site/channel.json.minisig']!,
    });
    const replayed = await cli(
      'root',
      'fetch',
      channelUrl(),
      '--channel',
      '--key',
      publicKey,
      '--data-dir',
      data,
      '--out',
      join(scratch, 'replayed'),
    );
    expect(replayed.code).toBe(3);
    expect(replayed.stderr).toMatch(/before the one already seen/);
    expect(existsSync(join(scratch, 'replayed'))).toBe(false);
  }, 60_000);

  test('usage: a channel without a key, and a key without a channel, say what to type', async () => {
    const noKey = await cli('root', 'fetch', channelUrl(), '--channel', '--out', join(scratch, 'nk'));
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/--key is required with --channel/);
    const noChannel = await cli(
      'root',
      'fetch',
      channelUrl(),
      '--key',
      publicKey,
      '--out',
      join(scratch, 'nc'),
    );
    expect(noChannel.code).toBe(2);
    expect(noChannel.stderr).toMatch(/--key is for channels/);
  });
});
