// Why the user cannot go on yet, for every step and for starting a root job: one place for each reason.

import { bootRequestOf, type BootSlice } from './boot-slice';
import type { Store } from './index';
import type { StepId } from './wizard-slice';

/** Why the chosen root source cannot start yet (the Root step's action button). */
export function rootSourceBlocker(s: Store): string | undefined {
  if (s.rootSource === 'channel' && !s.pickedRoot) return 'Add a channel and pick one of its roots.';
  if (s.rootSource === 'local' && !s.localPath.trim()) return 'Enter a folder or archive.';
  if (s.rootSource === 'build' && s.build.archs.length === 0) return 'Choose at least one architecture.';
  if (s.rootSource === 'download' && !s.download.url.trim()) return 'Enter an address.';
  if (s.rootSource === 'download' && !/^[0-9a-f]{64}$/i.test(s.download.sha256.trim()))
    return 'Enter the archive’s SHA-256 (64 hex digits).';
  return undefined;
}

/** Why the Boot step cannot be left yet: a kernel entered is still unchecked, or no method suits the kernels. */
export function bootBlocker(s: BootSlice): string | undefined {
  for (const [arch, choice] of Object.entries(s.kernels)) {
    if (!choice || !choice.path.trim()) continue;
    if (choice.checking) return `Checking the ${arch} kernel…`;
    if (!choice.kernel) return `Check or clear the ${arch} kernel.`;
  }
  const request = bootRequestOf(s);
  if (request && request.methods.length === 0) return 'Choose a boot method the kernels can use.';
  return undefined;
}

/** Why the user cannot move on from a step yet (the footer's Next), or undefined when they can. */
export function stepBlocker(step: StepId, s: Store): string | undefined {
  if (step === 'root' && s.rootDir.trim() === '') return 'Choose a root first.';
  if (step === 'boot') return bootBlocker(s);
  if (step === 'drives' && s.workshopMode) return 'Workshop mode flashes from this step.';
  if (step === 'drives' && s.selected.length === 0 && !s.imageTarget)
    return 'Choose a drive or an image file.';
  return undefined;
}
