// root publish: a reproducible archive, kernels checked and kept, channel.json extended and signed so
// that Debian's minisign accepts it; refusals leave the channel as it was.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeBzImage, fakeImage } from '../boot/testing/fixtures';
import { makeRoot } from '../root/testing/make-root';
import { generateKeys } from '../sign/minisign';
import { openSignedChannel } from './manifest';
import { publishRoot } from './publish';

const dir = mkdtempSync(join(tmpdir(), 'publish-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const root = join(dir, 'root');
const site = join(dir, 'site');
let keys: Awaited<ReturnType<typeof generateKeys>>;
const kernel = join(dir, 'vmlinuz-6.1.0-test-amd64');

beforeAll(async () => {
  await makeRoot(root);
  keys = await generateKeys();
  writeFileSync(join(dir, 'k.pub'), keys.publicFile);
  writeFileSync(kernel, fakeBzImage(64 * 1024));
});

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('root publish', () => {
  it('publishes a root with its kernel, signed so that `minisign -V` accepts the channel', async () => {
    const published = await publishRoot({
      root,
      out: site,
      secretKey: keys.secretFile,
      name: 'workshop',
      kernels: { amd64: kernel },
      now: 1_800_000_000,
    });
    if (!published.ok) throw new Error(published.error.detail);
    const { entry } = published.value;
    expect(entry).toMatchObject({ archs: ['amd64'], url: `roots/${entry.sha256}.tar.zst` });
    expect(sha256(join(site, entry.url))).toBe(entry.sha256);
    expect(entry.kernels?.amd64).toMatchObject({ file: 'vmlinuz-6.1.0-test-amd64', sha256: sha256(kernel) });
    const judge = spawnSync('minisign', ['-V', '-p', join(dir, 'k.pub'), '-m', join(site, 'channel.json')], {
      encoding: 'utf8',
    });
    expect(judge.status, judge.stderr).toBe(0);
    expect(judge.stdout).toContain('timestamp:1800000000 file:channel.json');
    // The archive holds the root as it is: extract and compare.
    const back = join(dir, 'back');
    execFileSync('mkdir', ['-p', back]);
    execFileSync('tar', ['--zstd', '-xf', join(site, entry.url), '-C', back]);
    expect(execFileSync('diff', ['-r', root, back]).toString()).toBe('');
  });

  it('gives the same archive twice, whatever the files’ times, and keeps earlier entries', async () => {
    const copy = join(dir, 'copy');
    cpSync(root, copy, { recursive: true, preserveTimestamps: false });
    const again = await publishRoot({
      root: copy,
      out: site,
      secretKey: keys.secretFile,
      now: 1_700_000_000,
    });
    if (!again.ok) throw new Error(again.error.detail);
    const text = readFileSync(join(site, 'channel.json'));
    const opened = openSignedChannel(
      text,
      readFileSync(join(site, 'channel.json.minisig'), 'utf8'),
      keys.publicFile,
      pathToFileURL(join(site, 'channel.json')).href,
    );
    if ('code' in opened) throw new Error(opened.detail);
    expect(opened.channel.roots).toHaveLength(2);
    expect(opened.channel.roots[1]!.sha256).toBe(opened.channel.roots[0]!.sha256);
    // The clock said earlier than the last signature; the channel still moved forward.
    expect(opened.timestamp).toBe(1_800_000_001);
  });

  it('refuses a kernel for the wrong architecture or one the root cannot boot, writing nothing', async () => {
    const before = readFileSync(join(site, 'channel.json'), 'utf8');
    const arm = join(dir, 'Image');
    writeFileSync(arm, fakeImage('arm64', 64 * 1024));
    const wrong = await publishRoot({ root, out: site, secretKey: keys.secretFile, kernels: { amd64: arm } });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'E_KERNEL_INVALID' } });
    const foreign = await publishRoot({
      root,
      out: site,
      secretKey: keys.secretFile,
      kernels: { arm64: arm },
    });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'E_KERNEL_INVALID' } });
    expect(readFileSync(join(site, 'channel.json'), 'utf8')).toBe(before);
  });

  it('never extends a channel that does not check with the key', async () => {
    const path = join(site, 'channel.json');
    const good = readFileSync(path, 'utf8');
    writeFileSync(path, good.replace('"workshop"', '"attacker"'));
    const result = await publishRoot({ root, out: site, secretKey: keys.secretFile });
    expect(result).toMatchObject({ ok: false, error: { code: 'E_SIGNATURE' } });
    const other = await generateKeys();
    writeFileSync(path, good);
    const otherKey = await publishRoot({ root, out: site, secretKey: other.secretFile });
    expect(otherKey).toMatchObject({ ok: false, error: { code: 'E_SIGNATURE' } });
    expect(readFileSync(path, 'utf8')).toBe(good);
  });
});
