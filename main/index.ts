// Electron main: single instance, one window, the engine's handlers on IPC. Thin by design.

import type { BrowserWindow } from 'electron';
import { app, session } from 'electron';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { packageFiles } from '../core/package-files';
import { FieldGrants } from '../core/service/grants';
import { createHandlers } from '../core/service/handlers';
import { dialogHandlers } from './dialog';
import { emitTo, registerHandlers } from './ipc';
import { installWebGuards } from './guards';
import { installMenu } from './menu';
import { withTaskbar } from './taskbar';
import { createWindow, defaultPaths, rendererUrlOf } from './window';

const outDir = join(packageFiles().root, 'out');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | undefined;
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });

  app.whenReady().then(() => {
    const logFile = join(app.getPath('logs'), 'sourcery-flasher.log');
    mkdirSync(dirname(logFile), { recursive: true });
    const emit = withTaskbar(
      emitTo(() => window?.webContents),
      () => window,
    );
    // Paths the user picks in main's dialog or drops on the window: the engine reads a root from them.
    const grants = new FieldGrants();
    const handlers = {
      ...createHandlers({
        shell: 'electron',
        dataDir: app.getPath('userData'),
        grants,
        report: (line) => appendFileSync(logFile, `${line}\n`),
        emit: (name, payload) => {
          if (name === 'jobLog') appendFileSync(logFile, `${JSON.stringify(payload)}\n`);
          emit(name, payload);
        },
      }),
      ...dialogHandlers(grants, () => window),
    };
    // The CSP is also in index.html; the header covers anything loaded without it.
    session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'",
          ],
        },
      }),
    );
    const paths = defaultPaths(outDir);
    installWebGuards(rendererUrlOf(paths));
    const report = (line: string) => appendFileSync(logFile, `${line}\n`);
    registerHandlers(handlers, rendererUrlOf(paths), () => window?.webContents, report);
    installMenu(logFile);
    window = createWindow(paths);
  });

  app.on('window-all-closed', () => app.quit());
}
