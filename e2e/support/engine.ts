// Starts the real engine behind the loopback bridge, serving the built wizard, for browser tests.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBridgeServer, type BridgeServer } from '../../core/bridge/ws-server';
import { createHandlers } from '../../core/service/handlers';

export const rendererDir = join(import.meta.dirname, '..', '..', 'out', 'renderer');

export async function startEngine(): Promise<BridgeServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sourcery-data-'));
  return startBridgeServer({
    staticDir: rendererDir,
    createHandlers: (emit, signal) => createHandlers({ emit, signal, shell: 'browser', dataDir }),
  });
}
