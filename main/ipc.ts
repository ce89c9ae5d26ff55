// Registers the contract's handlers on ipcMain, answering only our own window's frames.

import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import {
  eventChannel,
  invokeChannel,
  invokeNames,
  appError,
  fail,
  type Emit,
  type Handlers,
} from '../contract';
import { dispatch } from '../core/bridge/dispatch';

/** Only pages loaded from our own renderer bundle may call the engine. */
export function isTrustedSender(event: IpcMainInvokeEvent, rendererUrl: string): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith(rendererUrl);
}

export function registerHandlers(handlers: Handlers, rendererUrl: string): () => void {
  for (const name of invokeNames) {
    ipcMain.handle(invokeChannel(name), (event, payload: unknown) =>
      isTrustedSender(event, rendererUrl)
        ? dispatch(handlers, name, payload)
        : fail(appError('E_BAD_REQUEST', 'Request from a page that is not Sourcery Flasher.')),
    );
  }
  return () => invokeNames.forEach((name) => ipcMain.removeHandler(invokeChannel(name)));
}

/** An Emit that sends to one window, dropping events once it is gone. */
export const emitTo =
  (contents: () => WebContents | undefined): Emit =>
  (name, payload) => {
    const target = contents();
    if (target && !target.isDestroyed()) target.send(eventChannel(name), payload);
  };
