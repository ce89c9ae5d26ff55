// What the privileged writer is: always the built JavaScript (never TypeScript through tsx, whose cache
// and tsconfig.json root would trust, F2), run by the binary running us (node, or Electron as node).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appError } from '../../../contract/errors';
import { EngineError } from '../../errors';
import { packageFiles, type PackageFiles } from '../../package-files';

export interface ChildCommand {
  file: string;
  args: string[];
  /** Variables the writer needs (Electron's binary must be told to act as Node); nothing else. */
  env: Record<string, string>;
  /**
   * The packaged app's launcher that pkexec runs in place of `file args` (resources/polkit): pkexec
   * passes no environment, so Electron could not be told to act as Node any other way.
   */
  pkexecLauncher?: string;
}

/** The writer for this process's package; throws an EngineError saying to build when it is missing. */
export function childCommand(
  files: PackageFiles = packageFiles(),
  execPath = process.execPath,
  electron = process.versions.electron !== undefined,
): ChildCommand {
  const entry = files.privilegedEntry;
  if (!existsSync(entry))
    throw new EngineError(
      appError('E_TOOL_MISSING', `The privileged writer (${entry}) has not been built.`, {
        hint: 'Run `npm run build` in the Sourcery Flasher folder, then try again; the writer never runs from TypeScript sources.',
      }),
    );
  const launcher = join(files.resources, 'polkit', 'sourcery-flasher-writer');
  return {
    file: execPath,
    args: [entry],
    env: electron ? { ELECTRON_RUN_AS_NODE: '1' } : {},
    ...(electron && files.layout === 'packaged' && existsSync(launcher) ? { pkexecLauncher: launcher } : {}),
  };
}
