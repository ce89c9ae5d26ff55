// App-wide web guards: no permissions, no webviews, no new windows, no navigation away from our page.

import { app, session, shell, type WebContents } from 'electron';
import { navigationAllowed, openExternally } from './trust';

/** Applies to every web contents ever created, so a frame or window made later cannot slip past. */
export function installWebGuards(rendererUrl: string): void {
  // The wizard needs no camera, notifications, USB, HID, serial or clipboard reads: deny them all.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);
  app.on('web-contents-created', (_event, contents) => guardContents(contents, rendererUrl));
}

function guardContents(contents: WebContents, rendererUrl: string): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event) => {
    if (!navigationAllowed(event.url, rendererUrl)) event.preventDefault();
  });
  // Covers subframes too, which will-navigate does not.
  contents.on('will-frame-navigate', (event) => {
    if (!navigationAllowed(event.url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!navigationAllowed(event.url, rendererUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (openExternally(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
