// Creates the one app window with every web-security switch on.

import { BrowserWindow } from 'electron';
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
      webviewTag: false,
      navigateOnDragDrop: false,
    },
  });
  // Navigation, new windows and webviews are refused for every web contents in guards.ts.
  window.once('ready-to-show', () => window.show());
  void window.loadFile(paths.rendererIndex);
  return window;
}

export const defaultPaths = (outDir: string): WindowPaths => ({
  preload: join(outDir, 'preload', 'index.cjs'),
  rendererIndex: join(outDir, 'renderer', 'index.html'),
});
