// The window title carries a running job's percentage, so it shows in the taskbar and the tab.

import { useEffect } from 'react';
import { jobFraction, percentOf } from '../../../contract';
import { useStore, type Store } from '../store';

const appName = 'Sourcery Flasher';

function titleOf(s: Store): string {
  const flash = s.flashJobId && !s.flashResult && !s.flashError ? s.flashProgress[''] : undefined;
  const root = s.rootJobId ? s.rootProgress : undefined;
  const fraction = flash ? jobFraction(flash, true) : root ? jobFraction(root, false) : undefined;
  return fraction === undefined ? appName : `${percentOf(fraction)} · ${appName}`;
}

/** Keeps the title up to date from the store directly: a progress event renders nothing for it. */
export function useWindowTitle(): void {
  useEffect(() => {
    const show = (s: Store) => {
      const title = titleOf(s);
      if (document.title !== title) document.title = title;
    };
    show(useStore.getState());
    return useStore.subscribe(show);
  }, []);
}
