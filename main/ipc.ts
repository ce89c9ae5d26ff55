// Registers the contract's handlers on ipcMain, answering only our own window's main frame.

import { ipcMain, type WebContents } from 'electron';
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
import { isTrustedSender } from './trust';

/** `contents` is our window's, once it exists; `report` is where internal failures are logged. */
export function registerHandlers(
  handlers: Handlers,
  rendererUrl: string,
  contents: () => WebContents | undefined,
  report: (line: string) => void,
): () => void {
  for (const name of invokeNames) {
    ipcMain.handle(invokeChannel(name), (event, payload: unknown) =>
      isTrustedSender({ senderFrame: event.senderFrame, mainFrame: contents()?.mainFrame }, rendererUrl)
        ? dispatch(handlers, name, payload, { report })
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
