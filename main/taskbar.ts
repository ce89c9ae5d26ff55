// Shows the jobs main forwards on the taskbar or dock (setProgressBar) and as system notifications.

import { Notification, type BrowserWindow } from 'electron';
import type { Emit } from '../contract';
import { JobWatch } from './job-watch';

/** Wraps `emit` so every jobProgress it forwards also moves the window's progress bar. */
export function withTaskbar(emit: Emit, window: () => BrowserWindow | undefined): Emit {
  const watch = new JobWatch();
  return (name, payload) => {
    emit(name, payload);
    if (name !== 'jobProgress') return;
    const update = watch.update(payload as Parameters<JobWatch['update']>[0]);
    const target = window();
    if (update.bar !== undefined && target && !target.isDestroyed()) target.setProgressBar(update.bar);
    if (update.notice && Notification.isSupported()) new Notification(update.notice).show();
  };
}
