// The main process's trust decisions as pure functions (no electron import), so they are tested without a binary.

/** A URL without its fragment: the wizard may change its hash, nothing else. */
export const withoutHash = (url: string): string => {
  const at = url.indexOf('#');
  return at === -1 ? url : url.slice(0, at);
};

/** What an IPC event says about its sender; structurally what Electron's IpcMainInvokeEvent has. */
export interface SenderFacts<Frame> {
  senderFrame: (Frame & { url: string }) | null | undefined;
  /** The main frame of our one window. */
  mainFrame: Frame | undefined;
}

/**
 * Only the main frame of our window, showing exactly our renderer page, may call the engine: not a
 * subframe (an iframe the page was tricked into), not a page that merely starts with our path.
 */
export function isTrustedSender<Frame>(facts: SenderFacts<Frame>, rendererUrl: string): boolean {
  const frame = facts.senderFrame;
  if (!frame || !facts.mainFrame || frame !== facts.mainFrame) return false;
  return withoutHash(frame.url) === rendererUrl;
}

/** Navigation of any frame is allowed only to our own page (a hash change). */
export const navigationAllowed = (url: string, rendererUrl: string): boolean =>
  withoutHash(url) === rendererUrl;

/**
 * Origins whose https links the wizard may open in the system's browser; every other new window is
 * refused. Empty today: the wizard links nowhere.
 */
export const externalOrigins: readonly string[] = [];

export function openExternally(url: string, allowed: readonly string[] = externalOrigins): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && allowed.includes(parsed.origin);
  } catch {
    return false;
  }
}
