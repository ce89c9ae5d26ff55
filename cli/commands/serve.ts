// `sourcery-flash serve`: the wizard in a browser, against this machine's engine.

import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startBridgeServer } from '../../core/bridge/ws-server';
import { createHandlers } from '../../core/service/handlers';
import type { Command } from '../command';
import { UsageError } from '../command';
import { packageFiles } from '../../core/package-files';

export const serveCommand: Command = {
  name: 'serve',
  help: `Usage: sourcery-flash serve [--port N] [--open] [--ui DIR] [--data-dir DIR]

Serves the Sourcery Flasher wizard on http://127.0.0.1 and the engine behind it over a
WebSocket that needs the random token printed in the address. Nothing listens beyond loopback.

Options:
  --port N   port to listen on (default: any free port)
  --open     open the address in the system's browser
  --ui DIR   folder of the built wizard (default: out/renderer)
  --data-dir DIR  where roots and settings are kept (default: ~/.sourcery-flasher)

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
    const staticDir = values.ui ?? join(packageFiles().root, 'out', 'renderer');
    if (!existsSync(join(staticDir, 'index.html'))) {
      io.stderr.write(`The wizard is not built in ${staticDir}; run \`npm run build\` first.\n`);
      return 3;
    }
    const dataDir = values['data-dir'] ?? join(homedir(), '.sourcery-flasher');
    const server = await startBridgeServer({
      port,
      staticDir,
      createHandlers: (emit, signal) => createHandlers({ emit, signal, shell: 'browser', dataDir }),
    });
    io.stdout.write(`Sourcery Flasher is at ${server.url}\n`);
    if (values.open) await openBrowser(server.url, io.stderr);
    await new Promise<void>((resolve) =>
      io.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    await server.close();
    return 0;
  },
};

async function openBrowser(url: string, stderr: NodeJS.WritableStream): Promise<void> {
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const result = await execa(opener, [url], { reject: false, detached: true, stdio: 'ignore' });
  if (result.failed) stderr.write(`Could not open a browser (${opener}); open the address above yourself.\n`);
}
