// The wizard's frame: step list, the current step, and any fatal error.

import { ErrorPanel } from './components/ErrorPanel';
import { StepNav } from './components/StepNav';
import { RootStep } from './steps/root/RootStep';
import { useStore } from './store';

export function App() {
  const step = useStore((s) => s.step);
  const fatal = useStore((s) => s.fatal);
  const info = useStore((s) => s.info);
  return (
    <div className="app">
      <header>
        <span className="brand">Sourcery Flasher</span>
        {info && <span className="version">v{info.version}</span>}
      </header>
      <StepNav current={step} />
      <main>{fatal ? <ErrorPanel error={fatal} /> : step === 'root' ? <RootStep /> : null}</main>
    </div>
  );
}
