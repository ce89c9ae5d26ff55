// Exposes `window.sourcery`: one method per contract operation, `onX` per event. Nothing else.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventChannel, eventNames, invokeChannel, invokeNames, subscribeMethod } from '../contract/names';

const api: Record<string, unknown> = {};
for (const name of invokeNames) {
  api[name] = (request: unknown) => ipcRenderer.invoke(invokeChannel(name), request ?? {});
}
for (const name of eventNames) {
  api[subscribeMethod(name)] = (listener: (payload: unknown) => void) => {
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(eventChannel(name), wrapped);
    return () => ipcRenderer.removeListener(eventChannel(name), wrapped);
  };
}

contextBridge.exposeInMainWorld('sourcery', api);
