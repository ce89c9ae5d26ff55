// The wizard's frame: step list, the current step, Back/Next, and any fatal error.

import { useEffect, useRef, type ReactElement } from 'react';
import { DropZone } from './components/DropZone';
import { ErrorPanel } from './components/ErrorPanel';
import { FolderBrowser } from './components/FolderBrowser';
import { StepNav } from './components/StepNav';
import { useWindowTitle } from './components/useWindowTitle';
import { WizardFooter } from './components/WizardFooter';
import { BootStep } from './steps/boot/BootStep';
import { DoneStep } from './steps/done/DoneStep';
import { DrivesStep } from './steps/drives/DrivesStep';
import { FlashStep } from './steps/flash/FlashStep';
import { RootStep } from './steps/root/RootStep';
import { useStore } from './store';
import type { StepId } from './store/wizard-slice';

const views: Record<StepId, () => ReactElement> = {
  root: RootStep,
  boot: BootStep,
  drives: DrivesStep,
  flash: FlashStep,
  done: DoneStep,
};

export function App() {
  // Each value on its own, so progress and log events do not render the frame (and every step) again.
  const step = useStore((s) => s.step);
  const fatal = useStore((s) => s.fatal);
  const version = useStore((s) => s.info?.version);
  const filesError = useStore((s) => s.filesError);
  const browsing = useStore((s) => s.browsing);
  const flashing = useStore((s) => s.flashJobId !== undefined && !s.flashError);
  const View = views[step];
  const mainRef = useRef<HTMLElement>(null);
  useWindowTitle();
  // Keyboard and screen-reader users land on the new step's heading, not at the top of the page.
  useEffect(() => {
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [step]);
  return (
    <div className="app">
      <header>
        <span className="brand">Sourcery Flasher</span>
        {version !== undefined && <span className="version">v{version}</span>}
      </header>
      <StepNav current={step} />
      <main ref={mainRef}>
        {!fatal && <DropZone />}
        {filesError && <ErrorPanel error={filesError} />}
        {fatal ? <ErrorPanel error={fatal} /> : <View />}
      </main>
      {browsing && <FolderBrowser key={JSON.stringify(browsing)} target={browsing} />}
      {/* No way back while sticks are being written, nor from the results. */}
      {!fatal && step !== 'done' && !(step === 'flash' && flashing) && <WizardFooter current={step} />}
    </div>
  );
}
