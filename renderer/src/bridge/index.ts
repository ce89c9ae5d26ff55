// Picks the bridge: Electron's preload object, or the loopback WebSocket named in the page address.

import type { SourceryApi } from '../../../contract';
import { connectWebSocket } from './ws-client';

declare global {
  interface Window {
    sourcery?: SourceryApi;
  }
}

export function connectBridge(): SourceryApi | undefined {
  if (window.sourcery) return window.sourcery;
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (!token) return undefined;
  return connectWebSocket(`ws://${window.location.host}/bridge?token=${encodeURIComponent(token)}`);
}
