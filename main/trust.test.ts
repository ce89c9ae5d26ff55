// The sender check and the navigation allowlist, decided exactly (L1), without an Electron binary.

import { describe, expect, it } from 'vitest';
import { isTrustedSender, navigationAllowed, openExternally, withoutHash } from './trust';

const renderer = 'file:///opt/Sourcery%20Flasher/resources/app.asar/out/renderer/index.html';

describe('L1: main trusts only its own main frame on its own page', () => {
  const main = { url: renderer };
  it('accepts the main frame showing the renderer, with or without a hash', () => {
    expect(isTrustedSender({ senderFrame: main, mainFrame: main }, renderer)).toBe(true);
    const hashed = { url: `${renderer}#step=2` };
    expect(isTrustedSender({ senderFrame: hashed, mainFrame: hashed }, renderer)).toBe(true);
  });

  it('refuses a subframe, even one showing our own page', () => {
    const child = { url: renderer };
    expect(isTrustedSender({ senderFrame: child, mainFrame: main }, renderer)).toBe(false);
  });

  it('refuses pages that only start like ours, queries, and missing frames', () => {
    for (const url of [
      `${renderer}.evil.html`,
      `${renderer}?x=1`,
      `${renderer}/../x.html`,
      'https://evil.example/',
    ]) {
      const frame = { url };
      expect(isTrustedSender({ senderFrame: frame, mainFrame: frame }, renderer), url).toBe(false);
    }
    expect(isTrustedSender<{ url: string }>({ senderFrame: null, mainFrame: main }, renderer)).toBe(false);
    expect(isTrustedSender<{ url: string }>({ senderFrame: main, mainFrame: undefined }, renderer)).toBe(
      false,
    );
  });

  it('allows navigation only to the renderer page itself', () => {
    expect(navigationAllowed(`${renderer}#done`, renderer)).toBe(true);
    for (const url of [
      'https://evil.example/',
      `${renderer}x`,
      'file:///etc/passwd',
      'about:blank',
      'javascript:1',
    ])
      expect(navigationAllowed(url, renderer), url).toBe(false);
    expect(withoutHash('a#b#c')).toBe('a');
  });

  it('opens externally only https links to allowlisted origins', () => {
    const allowed = ['https://sourcery.example'];
    expect(openExternally('https://sourcery.example/docs', allowed)).toBe(true);
    for (const url of [
      'https://evil.example/',
      'http://sourcery.example/',
      'https://user@sourcery.example/',
      'https://sourcery.example.evil.example/',
      'file:///etc/passwd',
      'not a url',
    ])
      expect(openExternally(url, allowed), url).toBe(false);
    expect(openExternally('https://sourcery.example/')).toBe(false); // the default list is empty
  });
});
