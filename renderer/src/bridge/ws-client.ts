// The contract over the loopback WebSocket, for the wizard served by `sourcery-flash serve`.

import { appError, type Result } from '../../../contract/errors';
import type { SourceryApi } from '../../../contract/invoke';
import { eventNames, invokeNames, subscribeMethod, type EventName } from '../../../contract/names';

type Listener = (payload: unknown) => void;

export function connectWebSocket(url: string): SourceryApi {
  const socket = new WebSocket(url);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('bridge connection failed')), { once: true });
  });
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<Listener>>();
  let nextId = 1;

  socket.addEventListener('message', (message: MessageEvent<string>) => {
    const data = JSON.parse(message.data) as {
      id?: number;
      result?: Result<unknown>;
      event?: EventName;
      payload?: unknown;
    };
    if (data.id !== undefined && data.result) {
      pending.get(data.id)?.(data.result);
      pending.delete(data.id);
    } else if (data.event) {
      listeners.get(data.event)?.forEach((listener) => listener(data.payload));
    }
  });
  socket.addEventListener('close', () => {
    const lost = appError('E_INTERNAL', 'The connection to the Sourcery Flasher engine was lost.', {
      hint: 'Restart `sourcery-flash serve` and reload this page.',
    });
    pending.forEach((settle) => settle({ ok: false, error: lost }));
    pending.clear();
  });

  const api: Record<string, unknown> = {};
  for (const name of invokeNames) {
    api[name] = async (payload: unknown) => {
      try {
        await opened;
      } catch {
        return {
          ok: false,
          error: appError('E_INTERNAL', 'Could not reach the Sourcery Flasher engine.', {
            hint: 'Restart `sourcery-flash serve` and open the address it prints.',
          }),
        };
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, name, payload: payload ?? {} }));
      });
    };
  }
  for (const name of eventNames) {
    api[subscribeMethod(name)] = (listener: Listener) => {
      const set = listeners.get(name) ?? new Set<Listener>();
      listeners.set(name, set);
      set.add(listener);
      return () => set.delete(listener);
    };
  }
  return api as SourceryApi;
}
