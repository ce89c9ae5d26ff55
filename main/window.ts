// Creates the one app window with every web-security switch on.

import { BrowserWindow, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface WindowPaths {
  preload: string;
  rendererIndex: string;
}

export const rendererUrlOf = (paths: WindowPaths): string => pathToFileURL(paths.rendererIndex).href;

export function createWindow(paths: WindowPaths): BrowserWindow {
  const window = new BrowserWindow({
    width: 1000,
    height: 720,
    minWidth: 800,
    minHeight: 600,
    title: 'Sourcery Flasher',
    show: false,
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const allowed = rendererUrlOf(paths);
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== allowed) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  void window.loadFile(paths.rendererIndex);
  return window;
}

export const defaultPaths = (outDir: string): WindowPaths => ({
  preload: join(outDir, 'preload', 'index.cjs'),
  rendererIndex: join(outDir, 'renderer', 'index.html'),
});
