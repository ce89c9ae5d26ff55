// Picks the bridge: Electron's preload object, or the loopback WebSocket the page's launch code opens.

import type { SourceryApi } from '../../../contract';
import { sessionToken } from './launch';
import { connectWebSocket } from './ws-client';

declare global {
  interface Window {
    sourcery?: SourceryApi;
  }
}

export function connectBridge(): SourceryApi | undefined {
  if (window.sourcery) return window.sourcery;
  const token = sessionToken(window);
  if (!token) return undefined;
  const host = window.location.host;
  return connectWebSocket(
    token.then((result) =>
      result.ok
        ? { ok: true, value: `ws://${host}/bridge?token=${encodeURIComponent(result.value)}` }
        : result,
    ),
  );
}
