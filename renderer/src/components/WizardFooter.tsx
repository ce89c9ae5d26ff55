// Back and Next, with the reason Next is not possible yet.

import { steps, type StepId } from '../store/wizard-slice';
import { useStore } from '../store';
import { stepBlocker } from '../store/blockers';

export function WizardFooter({ current }: { current: StepId }) {
  const goTo = useStore((s) => s.goTo);
  const blocker = useStore((s) => stepBlocker(current, s));
  const index = steps.findIndex((s) => s.id === current);
  const previous = steps[index - 1];
  const next = steps[index + 1];
  return (
    <footer className="wizard-footer">
      {previous && (
        <button type="button" onClick={() => goTo(previous.id)}>
          Back
        </button>
      )}
      <span className="spacer" />
      {blocker && (
        <span id="next-blocker" className="muted">
          {blocker}
        </span>
      )}
      {next && next.id !== 'done' && (
        <button
          type="button"
          className="primary"
          disabled={blocker !== undefined}
          aria-describedby={blocker ? 'next-blocker' : undefined}
          onClick={() => goTo(next.id)}
        >
          Next: {next.title}
        </button>
      )}
    </footer>
  );
}
