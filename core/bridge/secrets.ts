// The bridge's secrets: the per-run session token and the one-time launch codes that buy it.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const newSecret = (bytes = 24): string => randomBytes(bytes).toString('base64url');

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Compares two secrets in constant time. Both sides are hashed first, so any string (any length,
 * any encoding) compares 32 bytes against 32 bytes and nothing about the secret's length leaks.
 */
export function secretMatches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  return timingSafeEqual(digest(given), digest(expected));
}

export interface LaunchCodes {
  /** A new code, good once, for `lifetimeMs`. */
  issue(lifetimeMs: number): string;
  /** True once for a live code; the code is spent whatever the answer. */
  redeem(given: unknown): boolean;
}

/** One-time codes for the address a browser opens; `now` is a parameter so tests can age them. */
export function createLaunchCodes(now: () => number = Date.now): LaunchCodes {
  const live = new Map<string, number>();
  return {
    issue(lifetimeMs) {
      const code = newSecret(16);
      live.set(code, now() + lifetimeMs);
      return code;
    },
    redeem(given) {
      for (const [code, expires] of live) if (now() > expires) live.delete(code);
      let matched: string | undefined;
      // Every live code is compared, so the time taken says nothing about which one came close.
      for (const code of live.keys()) if (secretMatches(given, code)) matched = code;
      if (matched === undefined) return false;
      live.delete(matched);
      return true;
    },
  };
}
