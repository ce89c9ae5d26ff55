// Exposes `window.sourcery`: one method per contract operation, `onX` per event. Nothing else.

import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { appError } from '../contract/errors';
import { eventChannel, eventNames, invokeChannel, invokeNames, subscribeMethod } from '../contract/names';
import { dropRequestOf } from './drop-path';

const api: Record<string, unknown> = {};
for (const name of invokeNames) {
  api[name] = (request: unknown) => ipcRenderer.invoke(invokeChannel(name), request ?? {});
}
// A drop is sent with the path read here from the File itself: the page can hand over a File, never a path.
api.filesDropped = async (request: unknown) => {
  const drop = dropRequestOf(request, (file) => webUtils.getPathForFile(file));
  if (!drop.ok) return { ok: false, error: appError('E_BAD_REQUEST', `Nothing was dropped: ${drop.why}.`) };
  return ipcRenderer.invoke(invokeChannel('filesDropped'), drop.request);
};
for (const name of eventNames) {
  api[subscribeMethod(name)] = (listener: (payload: unknown) => void) => {
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(eventChannel(name), wrapped);
    return () => ipcRenderer.removeListener(eventChannel(name), wrapped);
  };
}

contextBridge.exposeInMainWorld('sourcery', api);
