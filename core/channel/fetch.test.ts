// A published channel fetched back over a real HTTP server: root and kernels verified, and each way a
// channel can lie ends in a clear error with nothing extracted.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeBzImage } from '../boot/testing/fixtures';
import { startFileServer, type FileServer, type ServedFile } from '../root/testing/file-server';
import { makeRoot } from '../root/testing/make-root';
import { generateKeys, parseSecretKey, prehash, signPrehashed, type SecretKey } from '../sign/minisign';
import { fetchFromChannel } from './fetch';
import { trustedComment, type Channel } from './manifest';
import { publishRoot } from './publish';

const dir = mkdtempSync(join(tmpdir(), 'channel-fetch-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const site = join(dir, 'site');
const files: Record<string, ServedFile> = {};
let server: FileServer;
let keys: Awaited<ReturnType<typeof generateKeys>>;
let secret: SecretKey;
let published: Channel;

/** Serves every file of the published folder under /site. */
function serveSite(): void {
  const walk = (folder: string): string[] =>
    readdirSync(folder).flatMap((name) => {
      const path = join(folder, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  for (const path of walk(site)) files[`/site/${relative(site, path)}`] = { body: readFileSync(path) };
}

/** Re-signs a changed channel with the real key, as a compromised server cannot, but a buggy publisher might. */
function serveChannel(channel: Channel, timestamp: number): void {
  const bytes = Buffer.from(JSON.stringify(channel));
  files['/site/channel.json'] = { body: bytes };
  files['/site/channel.json.minisig'] = {
    body: Buffer.from(signPrehashed(prehash(bytes), secret, trustedComment(timestamp))),
  };
}

beforeAll(async () => {
  await makeRoot(join(dir, 'root'));
  writeFileSync(join(dir, 'vmlinuz-6.1.0-test-amd64'), fakeBzImage(64 * 1024));
  keys = await generateKeys();
  const parsed = await parseSecretKey(keys.secretFile);
  if ('code' in parsed) throw new Error(parsed.detail);
  secret = parsed;
  const result = await publishRoot({
    root: join(dir, 'root'),
    out: site,
    secretKey: keys.secretFile,
    name: 'workshop',
    kernels: { amd64: join(dir, 'vmlinuz-6.1.0-test-amd64') },
    now: 1_800_000_000,
  });
  if (!result.ok) throw new Error(result.error.detail);
  published = JSON.parse(readFileSync(join(site, 'channel.json'), 'utf8')) as Channel;
  serveSite();
  server = await startFileServer(files);
});
afterAll(() => server.close());

let run = 0;
const fetchInto = (name: string) =>
  fetchFromChannel({
    link: { url: server.url('/site/channel.json'), key: keys.publicFile.split('\n')[1]! },
    dataDir: join(dir, `data-${(run += 1)}`),
    archs: ['amd64'],
    out: join(dir, name),
    cache: { dir: join(dir, `cache-${run}`), capBytes: 1 << 30 },
    registry: join(dir, 'registry'),
  });

describe('fetching from a channel', () => {
  it('brings the root and its checked kernel', async () => {
    const fetched = await fetchInto('fetched');
    if (!fetched.ok) throw new Error(fetched.error.detail);
    expect(fetched.value.manifest.archs).toEqual(['amd64']);
    expect(fetched.value.entry.name).toBe('workshop');
    expect(readFileSync(fetched.value.kernels.amd64!)).toEqual(
      readFileSync(join(dir, 'vmlinuz-6.1.0-test-amd64')),
    );
  });

  it('brings a kernel published as a linux-image .deb under its own name, so it is read as one', async () => {
    const { fakeKernelDeb } = await import('../boot/testing/fixtures');
    const deb = fakeKernelDeb({ kernel: fakeBzImage(64 * 1024), vfatLine: 'CONFIG_VFAT_FS=y' });
    const debSite = join(dir, 'deb-site');
    const result = await publishRoot({
      root: join(dir, 'root'),
      out: debSite,
      secretKey: keys.secretFile,
      kernels: { amd64: deb },
    });
    if (!result.ok) throw new Error(result.error.detail);
    const walk = (folder: string): string[] =>
      readdirSync(folder).flatMap((name) => {
        const path = join(folder, name);
        return statSync(path).isDirectory() ? walk(path) : [path];
      });
    for (const path of walk(debSite)) files[`/deb/${relative(debSite, path)}`] = { body: readFileSync(path) };
    const fetched = await fetchFromChannel({
      link: { url: server.url('/deb/channel.json'), key: keys.publicFile.split('\n')[1]! },
      dataDir: join(dir, 'data-deb'),
      archs: ['amd64'],
      out: join(dir, 'fetched-deb'),
      cache: { dir: join(dir, 'cache-deb'), capBytes: 1 << 30 },
      registry: join(dir, 'registry'),
    });
    if (!fetched.ok) throw new Error(fetched.error.detail);
    expect(fetched.value.kernels.amd64).toMatch(/linux-image-9\.9\.9-test\.deb$/);
    expect(readFileSync(fetched.value.kernels.amd64!)).toEqual(readFileSync(deb));
  });

  it('refuses an archive with another hash or larger than the manifest says, extracting nothing', async () => {
    const url = `/site/${published.roots[0]!.url}`;
    const genuine = files[url]!;
    files[url] = {
      body: Buffer.concat([genuine.body.subarray(0, -1), Buffer.from([genuine.body.at(-1)! ^ 1])]),
    };
    expect(await fetchInto('other-hash')).toMatchObject({ ok: false, error: { code: 'E_CHECKSUM' } });
    expect(existsSync(join(dir, 'other-hash'))).toBe(false);
    files[url] = { body: Buffer.concat([genuine.body, Buffer.alloc(4096)]) };
    const larger = await fetchInto('larger');
    expect(larger.ok).toBe(false);
    expect(existsSync(join(dir, 'larger'))).toBe(false);
    files[url] = genuine;
  });

  it('refuses a kernel of the wrong architecture in an entry before the root is extracted', async () => {
    const armKernel = files[`/site/${published.roots[0]!.kernels!.amd64!.url}`]!;
    const entry = published.roots[0]!;
    const { fakeImage } = await import('../boot/testing/fixtures');
    const arm = Buffer.from(fakeImage('arm64', 64 * 1024));
    const { createHash } = await import('node:crypto');
    files['/site/kernels/arm.img'] = { body: arm };
    serveChannel(
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
      1_900_000_000,
    );
    const wrong = await fetchInto('wrong-kernel');
    expect(wrong).toMatchObject({ ok: false, error: { code: 'E_KERNEL_INVALID' } });
    expect(!wrong.ok && wrong.error.detail).toMatch(/kernel for amd64/);
    expect(existsSync(join(dir, 'wrong-kernel'))).toBe(false);
    void armKernel;
  });

  it('refuses a channel with no root for the architectures asked', async () => {
    serveChannel(
      {
        roots: published.roots.map((r) => ({ ...r, archs: ['arm64'] as const }) as Channel['roots'][number]),
      },
      1_950_000_000,
    );
    const none = await fetchInto('no-root');
    expect(!none.ok && none.error.detail).toMatch(/has no root for amd64/);
  });
});
