// The list of wizard steps, showing where the user is.

import { steps, type StepId } from '../store/wizard-slice';

export function StepNav({ current }: { current: StepId }) {
  return (
    <nav aria-label="Steps">
      <ol className="step-nav">
        {steps.map((step, index) => (
          <li key={step.id} aria-current={step.id === current ? 'step' : undefined}>
            <span className="step-number">{index + 1}</span> {step.title}
          </li>
        ))}
      </ol>
    </nav>
  );
}
