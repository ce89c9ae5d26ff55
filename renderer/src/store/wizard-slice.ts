// Which step of the wizard is showing, and moving between steps.

import type { StateCreator } from 'zustand';
import type { Store } from './index';

export const steps = [
  { id: 'root', title: 'Root' },
  { id: 'boot', title: 'Boot' },
  { id: 'drives', title: 'Drives' },
  { id: 'flash', title: 'Flash' },
  { id: 'done', title: 'Done' },
] as const;

export type StepId = (typeof steps)[number]['id'];

export interface WizardSlice {
  step: StepId;
  goTo(step: StepId): void;
}

export const createWizardSlice: StateCreator<Store, [], [], WizardSlice> = (set) => ({
  step: 'root',
  goTo: (step) => set({ step }),
});
