// The window title carries a running job's percentage, so it shows in the taskbar and the tab.

import { useEffect } from 'react';
import { jobFraction, percentOf } from '../../../contract';
import { useStore } from '../store';

const appName = 'Sourcery Flasher';

export function useWindowTitle(): void {
  const flash = useStore((s) => (s.jobId && !s.flashResult && !s.flashError ? s.progress[''] : undefined));
  const root = useStore((s) => (s.rootJobId ? s.rootProgress : undefined));
  const fraction = flash ? jobFraction(flash, true) : root ? jobFraction(root, false) : undefined;
  const title = fraction === undefined ? appName : `${percentOf(fraction)} · ${appName}`;
  useEffect(() => {
    document.title = title;
  }, [title]);
}
