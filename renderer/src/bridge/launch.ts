// The browser tab's session token: traded once for the one-time code in the address, then kept by this tab only.

import { appError, type AppError, type Result } from '../../../contract/errors';

/** Where the server takes codes (core/bridge/launch.ts). */
const launchPath = '/launch';
/** sessionStorage is per tab and per origin (port included) and is gone when the tab closes. */
const storageKey = 'sourcery.session';

interface Kept {
  code: string;
  token: string;
}

/** The slice of `window` this needs, so it reads as what it touches. */
export interface LaunchWindow {
  location: { hash: string; pathname: string; search: string };
  history: { replaceState(data: unknown, unused: string, url: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  performance: { getEntriesByType(type: string): unknown[] };
  fetch: typeof fetch;
}

const usedUp: AppError = {
  code: 'E_INTERNAL',
  title: 'This address has been used already',
  detail:
    'Each address that `sourcery-flash serve` prints opens the wizard once, in one tab, and only for a while.',
  hint: 'Go back to the tab where the wizard is open, or stop `sourcery-flash serve` (Ctrl+C) and start it again: it prints a new address. If you did not open this address anywhere else, stop it now.',
};

const unreachable = appError('E_INTERNAL', 'Could not reach the Sourcery Flasher engine.', {
  hint: 'Restart `sourcery-flash serve` and open the address it prints.',
});

function kept(win: LaunchWindow): Kept | undefined {
  try {
    const value = JSON.parse(win.sessionStorage.getItem(storageKey) ?? 'null') as Partial<Kept> | null;
    return typeof value?.code === 'string' && typeof value.token === 'string'
      ? { code: value.code, token: value.token }
      : undefined;
  } catch {
    return undefined;
  }
}

const reloaded = (win: LaunchWindow): boolean =>
  win.performance
    .getEntriesByType('navigation')
    .some((entry) => (entry as { type?: string }).type === 'reload');

async function trade(win: LaunchWindow, code: string): Promise<Result<string>> {
  try {
    const response = await win.fetch(launchPath, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code }),
      cache: 'no-store',
    });
    const answer = (await response.json()) as { token?: unknown };
    if (typeof answer.token !== 'string') return { ok: false, error: usedUp };
    win.sessionStorage.setItem(storageKey, JSON.stringify({ code, token: answer.token } satisfies Kept));
    return { ok: true, value: answer.token };
  } catch {
    return { ok: false, error: unreachable };
  }
}

/**
 * The token for this tab, or undefined when the address carries no code and this is not a reload
 * of a tab that traded one. The code leaves the address bar (and so history) before anything else.
 */
export function sessionToken(win: LaunchWindow): Promise<Result<string>> | undefined {
  const code = new URLSearchParams(win.location.hash.slice(1)).get('code');
  const mine = kept(win);
  if (code === null)
    return mine && reloaded(win) ? Promise.resolve({ ok: true, value: mine.token }) : undefined;
  win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}`);
  // The same tab opening the same address again (a bookmark-less "back"): it already holds the token.
  if (mine?.code === code) return Promise.resolve({ ok: true, value: mine.token });
  return trade(win, code);
}
