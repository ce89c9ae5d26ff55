// Our minisign against Debian's minisign, both ways: its keys and signatures verify with ours, ours with it.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  generateKeys,
  parsePublicKey,
  parseSecretKey,
  prehash,
  signPrehashed,
  verifyPrehashed,
  type PublicKey,
  type SecretKey,
} from './minisign';

const dir = mkdtempSync(join(tmpdir(), 'minisign-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string | Buffer) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const data = Buffer.from('a root archive, or a channel.json\n'.repeat(1000));
file('data', data);

function expectKey<T extends object>(value: T | { code: string; detail: string }): T {
  if ('code' in value && typeof value.code === 'string' && value.code.startsWith('E_'))
    throw new Error(String((value as { detail: string }).detail));
  return value as T;
}

describe('minisign formats against Debian’s minisign', () => {
  it('reads a key pair made by `minisign -G -W` and signs what `minisign -V` accepts', async () => {
    execFileSync('minisign', ['-G', '-W', '-p', join(dir, 'm.pub'), '-s', join(dir, 'm.key')]);
    const secret = expectKey<SecretKey>(await parseSecretKey(readFileSync(join(dir, 'm.key'), 'utf8')));
    const pub = expectKey<PublicKey>(parsePublicKey(readFileSync(join(dir, 'm.pub'), 'utf8')));
    expect(secret.publicKey.line).toBe(pub.line);
    file('data.minisig', signPrehashed(prehash(data), secret, 'timestamp:1764900000 file:data'));
    const check = spawnSync('minisign', ['-V', '-p', join(dir, 'm.pub'), '-m', join(dir, 'data')], {
      encoding: 'utf8',
    });
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toContain('Trusted comment: timestamp:1764900000 file:data');
  });

  it('verifies what `minisign -S` signed, with the trusted comment, from the .pub file or its bare line', () => {
    execFileSync('minisign', [
      '-S',
      '-s',
      join(dir, 'm.key'),
      '-m',
      join(dir, 'data'),
      '-t',
      'made by minisign',
    ]);
    const signature = readFileSync(join(dir, 'data.minisig'), 'utf8');
    const pubText = readFileSync(join(dir, 'm.pub'), 'utf8');
    for (const key of [pubText, pubText.split('\n')[1]!]) {
      const verified = verifyPrehashed(prehash(data), signature, expectKey<PublicKey>(parsePublicKey(key)));
      expect(verified).toMatchObject({ trustedComment: 'made by minisign' });
    }
  });

  it('makes keys minisign itself signs and verifies with', async () => {
    const keys = await generateKeys();
    file('ours.key', keys.secretFile);
    file('ours.pub', keys.publicFile);
    execFileSync(
      'minisign',
      ['-S', '-s', join(dir, 'ours.key'), '-m', join(dir, 'data'), '-t', 'by minisign, our key'],
      {
        input: '',
      },
    );
    const check = spawnSync('minisign', ['-V', '-p', join(dir, 'ours.pub'), '-m', join(dir, 'data')], {
      encoding: 'utf8',
    });
    expect(check.status, check.stderr).toBe(0);
    const pub = expectKey<PublicKey>(parsePublicKey(keys.publicFile));
    expect(
      verifyPrehashed(prehash(data), readFileSync(join(dir, 'data.minisig'), 'utf8'), pub),
    ).toMatchObject({
      trustedComment: 'by minisign, our key',
      keyId: keys.keyId,
    });
  });
});

describe('refusals', async () => {
  const keys = await generateKeys();
  const secret = expectKey<SecretKey>(await parseSecretKey(keys.secretFile));
  const pub = expectKey<PublicKey>(parsePublicKey(keys.publicFile));
  const signature = signPrehashed(prehash(data), secret, 'timestamp:1 name:x');
  const lines = signature.split('\n');
  const refusal = (sig: string, digest = prehash(data), key = pub) => {
    const result = verifyPrehashed(digest, sig, key);
    return 'code' in result ? result.code : 'verified';
  };

  it('accepts the genuine signature', () => expect(refusal(signature)).toBe('verified'));
  it('refuses altered data', () =>
    expect(refusal(signature, prehash(Buffer.concat([data, Buffer.from('x')])))).toBe('E_SIGNATURE'));
  it('refuses an altered trusted comment', () =>
    expect(
      refusal([lines[0], lines[1], 'trusted comment: timestamp:2 name:x', lines[3], ''].join('\n')),
    ).toBe('E_SIGNATURE'));
  it('refuses another key’s signature, naming both keys', async () => {
    const other = expectKey<PublicKey>(parsePublicKey((await generateKeys()).publicFile));
    const result = verifyPrehashed(prehash(data), signature, other);
    expect('detail' in result && result.detail).toMatch(/not with the trusted key/);
  });
  it('refuses truncated, reordered and padded signature files', () => {
    expect(refusal(lines.slice(0, 3).join('\n'))).toBe('E_SIGNATURE');
    expect(refusal([lines[0], lines[3], lines[2], lines[1], ''].join('\n'))).toBe('E_SIGNATURE');
    expect(refusal(`${signature}extra line\n`)).toBe('E_SIGNATURE');
    expect(refusal(signature.replace(lines[1]!, lines[1]!.slice(0, -4)))).toBe('E_SIGNATURE');
  });
  it('refuses a legacy (not prehashed) signature', () => {
    const legacy = Buffer.from(lines[1]!, 'base64');
    legacy.write('Ed', 0);
    expect(refusal(signature.replace(lines[1]!, legacy.toString('base64')))).toBe('E_SIGNATURE');
  });
  it('refuses an encrypted secret key with what to do', async () => {
    // minisign marks a password-protected key with the scrypt tag "Sc" (making one costs seconds of scrypt).
    const [comment, line] = keys.secretFile.split('\n');
    const body = Buffer.from(line!, 'base64');
    body.write('Sc', 2);
    const result = await parseSecretKey(`${comment}\n${body.toString('base64')}\n`);
    expect(result).toMatchObject({ code: 'E_SIGNATURE' });
    expect('hint' in result && result.hint).toMatch(/keys generate/);
  });
});
