// `sourcery-flash serve`: the wizard in a browser, against this machine's engine.

import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBridgeServer } from '../../core/bridge/ws-server';
import { createHandlers } from '../../core/service/handlers';
import type { Command } from '../command';
import { UsageError } from '../command';
import { packageFiles } from '../../core/package-files';

/** The address handed to the system's browser sits in the opener's command line; it works briefly, once. */
const openedAddressLifetimeMs = 2 * 60 * 1000;

export const serveCommand: Command = {
  name: 'serve',
  help: `Usage: sourcery-flash serve [--port N] [--open] [--ui DIR] [--data-dir DIR]

Serves the Sourcery Flasher wizard on http://127.0.0.1 and the engine behind it over a
WebSocket. Nothing listens beyond loopback. The address printed carries a one-time code:
the page that opens it first trades it for the session's secret and the code stops working,
so open it in one tab (reloading that tab is fine). For another tab, start serve again.

Options:
  --port N         port to listen on (default: any free port)
  --open           open the wizard in the system's browser (with its own one-time code,
                   good for two minutes; the printed address stays unused)
  --ui DIR         folder of the built wizard (default: out/renderer); only its index.html
                   and assets/ are served
  --data-dir DIR   where roots and caches are kept (default: ~/.sourcery-flasher)

Examples:
  sourcery-flash serve --open
  sourcery-flash serve --port 8123`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        open: { type: 'boolean' },
        ui: { type: 'string' },
        'data-dir': { type: 'string' },
      },
    });
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port takes a port number, not ${values.port}`);
    if (values['data-dir'] === '') throw new UsageError('--data-dir takes a folder');
    const dataDir = resolve(values['data-dir'] ?? join(homedir(), '.sourcery-flasher'));
    const staticDir = values.ui ?? join(packageFiles().root, 'out', 'renderer');
    if (!existsSync(join(staticDir, 'index.html'))) {
      io.stderr.write(`The wizard is not built in ${staticDir}; run \`npm run build\` first.\n`);
      return 3;
    }
    const server = await startBridgeServer({
      port,
      staticDir,
      report: (line) => void io.stderr.write(`${line}\n`),
      createHandlers: (emit, signal) => createHandlers({ emit, signal, shell: 'browser', dataDir }),
    });
    io.stdout.write(`Sourcery Flasher is at ${server.url}\n`);
    if (values.open) await openBrowser(server.launchUrl(openedAddressLifetimeMs), io.stderr);
    await new Promise<void>((resolve) =>
      io.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    await server.close();
    return 0;
  },
};

/**
 * Other users can read an opener's command line (/proc/PID/cmdline), so what it gets is a launch
 * address: a code that works once, for two minutes, and is worth nothing once the page has used it.
 */
async function openBrowser(url: string, stderr: NodeJS.WritableStream): Promise<void> {
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const result = await execa(opener, [url], { reject: false, detached: true, stdio: 'ignore' });
  if (result.failed) stderr.write(`Could not open a browser (${opener}); open the address above yourself.\n`);
}
