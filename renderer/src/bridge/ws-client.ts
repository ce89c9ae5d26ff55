// The contract over the loopback WebSocket, for the wizard served by `sourcery-flash serve`.

import { appError, type Result } from '../../../contract/errors';
import type { SourceryApi } from '../../../contract/invoke';
import { eventNames, invokeNames, subscribeMethod, type EventName } from '../../../contract/names';

type Listener = (payload: unknown) => void;

const lost = appError('E_INTERNAL', 'The connection to the Sourcery Flasher engine was lost.', {
  hint: 'Restart `sourcery-flash serve` and open the new address it prints.',
});

const unreachable = appError('E_INTERNAL', 'Could not reach the Sourcery Flasher engine.', {
  hint: 'Restart `sourcery-flash serve` and open the address it prints.',
});

/** Connects once `address` is known; if getting it failed, every call answers with that failure. */
export function connectWebSocket(address: Promise<Result<string>>): SourceryApi {
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<Listener>>();
  let nextId = 1;

  const onMessage = (message: MessageEvent<string>) => {
    let data: { id?: number; result?: Result<unknown>; event?: EventName; payload?: unknown };
    try {
      data = JSON.parse(message.data) as typeof data;
    } catch {
      return;
    }
    if (typeof data.id === 'number' && data.result) {
      pending.get(data.id)?.(data.result);
      pending.delete(data.id);
    } else if (data.event) {
      listeners.get(data.event)?.forEach((listener) => listener(data.payload));
    }
  };
  const onClose = () => {
    pending.forEach((settle) => settle({ ok: false, error: lost }));
    pending.clear();
  };

  const opened: Promise<Result<WebSocket>> = address.then((url) =>
    !url.ok
      ? url
      : new Promise((resolve) => {
          const socket = new WebSocket(url.value);
          socket.addEventListener('open', () => resolve({ ok: true, value: socket }), { once: true });
          socket.addEventListener('error', () => resolve({ ok: false, error: unreachable }), { once: true });
          socket.addEventListener('message', onMessage);
          socket.addEventListener('close', onClose);
        }),
  );

  const api: Record<string, unknown> = {};
  for (const name of invokeNames) {
    api[name] = async (payload: unknown) => {
      const socket = await opened;
      if (!socket.ok) return socket;
      if (socket.value.readyState !== WebSocket.OPEN) return { ok: false, error: lost };
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.value.send(JSON.stringify({ id, name, payload: payload ?? {} }));
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
