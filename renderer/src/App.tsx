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
import { useStore, type Store } from './store';
import { bootBlocker } from './store/boot-slice';
import type { StepId } from './store/wizard-slice';

const views: Record<StepId, () => ReactElement> = {
  root: RootStep,
  boot: BootStep,
  drives: DrivesStep,
  flash: FlashStep,
  done: DoneStep,
};

/** Why the user cannot move on from a step yet, or undefined when they can. */
function blockerOf(step: StepId, s: Store): string | undefined {
  if (step === 'root' && s.rootDir.trim() === '') return 'Choose a root first.';
  if (step === 'boot') return bootBlocker(s);
  if (step === 'drives' && s.workshopMode) return 'Workshop mode flashes from this step.';
  if (step === 'drives' && s.selected.length === 0 && !s.imageTarget)
    return 'Choose a drive or an image file.';
  return undefined;
}

export function App() {
  const state = useStore();
  const { step, fatal, info } = state;
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
        {info && <span className="version">v{info.version}</span>}
      </header>
      <StepNav current={step} />
      <main ref={mainRef}>
        {!fatal && <DropZone />}
        {state.filesError && <ErrorPanel error={state.filesError} />}
        {fatal ? <ErrorPanel error={fatal} /> : <View />}
      </main>
      {state.browsing && <FolderBrowser key={JSON.stringify(state.browsing)} target={state.browsing} />}
      {/* No way back while sticks are being written, nor from the results. */}
      {!fatal && step !== 'done' && !(step === 'flash' && state.jobId && !state.flashError) && (
        <WizardFooter current={step} blocker={blockerOf(step, state)} />
      )}
    </div>
  );
}
