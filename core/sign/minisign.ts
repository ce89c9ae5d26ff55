// minisign's key and signature formats with node's own Ed25519: public keys (.pub or the bare line),
// unencrypted secret keys, and prehashed signatures (BLAKE2b-512) with a signed trusted comment.

import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { appError, type AppError } from '../../contract/errors';

/** minisign's algorithm tags: "Ed" names the key type; "ED" a signature over the BLAKE2b-512 prehash. */
const keyAlg = Buffer.from('Ed');
const prehashedAlg = Buffer.from('ED');
const checksumAlg = Buffer.from('B2');

export interface PublicKey {
  /** 8 bytes, little-endian on the wire; shown as minisign shows it (upper-case hex, reversed). */
  keyId: Buffer;
  key: KeyObject;
  /** The base64 line minisign prints (`minisign -P <this>`). */
  line: string;
}

export interface SecretKey {
  keyId: Buffer;
  key: KeyObject;
  publicKey: PublicKey;
}

export interface Verified {
  /** The text after "trusted comment: ", which the signature covers. */
  trustedComment: string;
  keyId: string;
}

/** The key ID as minisign prints it ("5762B618FFD5F631"). */
export const keyIdHex = (keyId: Buffer): string => Buffer.from(keyId).reverse().toString('hex').toUpperCase();

const refuse = (detail: string, hint: string): AppError => appError('E_SIGNATURE', detail, { hint });

const base64Line = /^[A-Za-z0-9+/]+={0,2}$/;

function decodeLine(line: string, length: number, what: string): Buffer | AppError {
  const trimmed = line.trim();
  const bytes = base64Line.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (bytes.length !== length || bytes.toString('base64') !== trimmed)
    return refuse(`${what} is not in minisign's format (a base64 line of ${length} bytes).`, hintFor(what));
  return bytes;
}

function hintFor(what: string): string {
  if (/public key/.test(what))
    return 'Give the channel’s public key: the line after "untrusted comment" in its .pub file, or the file itself.';
  if (/secret key/.test(what))
    return 'Give a secret key made by `sourcery-flash keys generate` or `minisign -G -W`.';
  return 'Download the signature again; if it still fails, the file was altered: ask the publisher.';
}

const ed25519Public = (raw: Buffer): KeyObject =>
  createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });

/** A public key from a .pub file's text or its bare base64 line. */
export function parsePublicKey(text: string): PublicKey | AppError {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('untrusted comment:'));
  if (lines.length !== 1)
    return refuse('The public key must be one base64 line (or a .pub file).', hintFor('public key'));
  const bytes = decodeLine(lines[0]!, 42, 'The public key');
  if (!Buffer.isBuffer(bytes)) return bytes;
  if (!bytes.subarray(0, 2).equals(keyAlg))
    return refuse('The public key is not an Ed25519 minisign key.', hintFor('public key'));
  return { keyId: bytes.subarray(2, 10), key: ed25519Public(bytes.subarray(10)), line: lines[0]! };
}

/** BLAKE2b-256 over the algorithm, key ID and secret key: minisign's check of a secret key file. */
const secretChecksum = async (keyId: Buffer, secret: Buffer): Promise<Buffer> => {
  const { createBLAKE2b } = await import('hash-wasm');
  const hasher = await createBLAKE2b(256);
  hasher.update(Buffer.concat([keyAlg, keyId, secret]));
  return Buffer.from(hasher.digest('binary'));
};

/** An unencrypted minisign secret key file (`minisign -G -W`, or ours). Encrypted ones are refused. */
export async function parseSecretKey(text: string): Promise<SecretKey | AppError> {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('untrusted comment:'));
  if (lines.length !== 1)
    return refuse('The secret key file must hold one base64 line.', hintFor('secret key'));
  const bytes = decodeLine(lines[0]!, 158, 'The secret key');
  if (!Buffer.isBuffer(bytes)) return bytes;
  if (!bytes.subarray(0, 2).equals(keyAlg) || !bytes.subarray(4, 6).equals(checksumAlg))
    return refuse('The secret key is not an Ed25519 minisign key.', hintFor('secret key'));
  if (!bytes.subarray(2, 4).equals(Buffer.alloc(2)))
    return refuse(
      'The secret key is encrypted with a password, which Sourcery Flasher does not read.',
      'Make an unencrypted key for publishing (`sourcery-flash keys generate`, or `minisign -G -W`) and keep it offline.',
    );
  const keyId = bytes.subarray(54, 62);
  const secret = bytes.subarray(62, 126);
  const checksum = bytes.subarray(126, 158);
  // minisign 0.11 leaves the checksum of an unencrypted key zero; any other value must be right.
  if (!checksum.equals(Buffer.alloc(32)) && !checksum.equals(await secretChecksum(keyId, secret)))
    return refuse('The secret key file is damaged (its checksum does not match).', hintFor('secret key'));
  const seed = secret.subarray(0, 32);
  const publicRaw = secret.subarray(32, 64);
  const key = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: seed.toString('base64url'), x: publicRaw.toString('base64url') },
    format: 'jwk',
  });
  // The public half stored in the file must be the one the seed makes.
  const derived = Buffer.from(createPublicKey(key).export({ format: 'jwk' }).x ?? '', 'base64url');
  if (!derived.equals(publicRaw))
    return refuse('The secret key file is damaged (its two halves do not match).', hintFor('secret key'));
  const line = Buffer.concat([keyAlg, keyId, publicRaw]).toString('base64');
  return { keyId, key, publicKey: { keyId, key: ed25519Public(publicRaw), line } };
}

/** A new key pair as minisign's two files: the secret key (unencrypted) and the .pub. */
export async function generateKeys(): Promise<{ secretFile: string; publicFile: string; keyId: string }> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const seed = Buffer.from(jwk.d ?? '', 'base64url');
  const publicRaw = Buffer.from(jwk.x ?? '', 'base64url');
  const keyId = Buffer.from(createHash('sha256').update(publicRaw).update(seed).digest().subarray(0, 8));
  const secret = Buffer.concat([seed, publicRaw]);
  const kdfNone = Buffer.concat([Buffer.alloc(2), checksumAlg, Buffer.alloc(32 + 8 + 8)]);
  const body = Buffer.concat([keyAlg, kdfNone, keyId, secret, await secretChecksum(keyId, secret)]);
  const id = keyIdHex(keyId);
  return {
    keyId: id,
    secretFile: `untrusted comment: minisign secret key ${id} (unencrypted; keep it offline)\n${body.toString('base64')}\n`,
    publicFile: `untrusted comment: minisign public key ${id}\n${Buffer.concat([keyAlg, keyId, publicRaw]).toString('base64')}\n`,
  };
}

/** minisign's prehash of the signed file. */
export const prehash = (data: Uint8Array): Buffer => createHash('blake2b512').update(data).digest();

/** A .minisig file for `data` (or its prehash), its trusted comment signed along. */
export function signPrehashed(
  digest: Buffer,
  secret: SecretKey,
  trustedComment: string,
  untrustedComment = 'signature from sourcery-flash secret key',
): string {
  if (/[\r\n]/.test(trustedComment) || /[\r\n]/.test(untrustedComment))
    throw new Error('a minisign comment is one line');
  const signature = sign(null, digest, secret.key);
  const global = sign(null, Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')]), secret.key);
  const line = Buffer.concat([prehashedAlg, secret.keyId, signature]).toString('base64');
  return `untrusted comment: ${untrustedComment}\n${line}\ntrusted comment: ${trustedComment}\n${global.toString('base64')}\n`;
}

/** Checks a .minisig file against the prehash of the signed data; the trusted comment only when it verifies. */
export function verifyPrehashed(
  digest: Buffer,
  signatureFile: string,
  publicKey: PublicKey,
): Verified | AppError {
  const lines = signatureFile.split(/\r?\n/);
  const bad = (detail: string) => refuse(detail, hintFor('signature'));
  if (
    lines.length < 4 ||
    !lines[0]!.startsWith('untrusted comment:') ||
    !lines[2]!.startsWith('trusted comment: ')
  )
    return bad(
      'The signature file is not in minisign’s format (four lines: comment, signature, trusted comment, global signature).',
    );
  if (lines.slice(4).some((l) => l.trim() !== ''))
    return bad('The signature file has lines after its global signature.');
  const body = decodeLine(lines[1]!, 74, 'The signature');
  if (!Buffer.isBuffer(body)) return body;
  const global = decodeLine(lines[3]!, 64, 'The global signature');
  if (!Buffer.isBuffer(global)) return global;
  if (body.subarray(0, 2).equals(keyAlg))
    return bad(
      'The signature is of minisign’s legacy kind (not prehashed), which Sourcery Flasher does not accept.',
    );
  if (!body.subarray(0, 2).equals(prehashedAlg)) return bad('The signature uses an unknown algorithm.');
  const keyId = body.subarray(2, 10);
  if (!keyId.equals(publicKey.keyId))
    return refuse(
      `The signature was made with key ${keyIdHex(keyId)}, not with the trusted key ${keyIdHex(publicKey.keyId)}.`,
      'Check that you have the publisher’s right public key; a signature by any other key is refused.',
    );
  const signature = body.subarray(10);
  if (!verify(null, digest, publicKey.key, signature))
    return bad('The signature does not match the file: the file or its signature was altered.');
  const trustedComment = lines[2]!.slice('trusted comment: '.length);
  if (!verify(null, Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')]), publicKey.key, global))
    return bad('The trusted comment does not match its signature: the signature file was altered.');
  return { trustedComment, keyId: keyIdHex(keyId) };
}
