// Handlers for choosing paths: the engine's folder browser, the shells' dialog and drop, and the wizard's memory.

import { homedir } from 'node:os';
import { appError, fail, ok, type Handlers } from '../../contract';
import { toAppError } from '../errors';
import { FolderBrowser } from '../files/folder-browser';
import { settingsStore } from '../files/settings-store';
import type { ServiceContext } from './context';
import { FieldGrants } from './grants';

type FilesHandlers = Pick<
  Handlers,
  'filesBrowse' | 'filesChoose' | 'filesDialog' | 'filesDropped' | 'settingsGet' | 'settingsSave'
>;

/**
 * `filesDialog` and `filesDropped` need Electron's main process, which answers them itself
 * (main/dialog.ts); here, for the browser shell, they say what to use instead.
 */
export function filesHandlers(context: ServiceContext, home: string = homedir()): FilesHandlers {
  const grants = context.grants ?? new FieldGrants();
  const browser = new FolderBrowser({ home });
  const report = context.report ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const settings = settingsStore(context.dataDir, report);
  return {
    filesBrowse: ({ field, dir }) => browser.list(field, dir),
    filesChoose: async ({ field, path }) => {
      const chosen = await browser.choose(field, path);
      if (chosen.ok) grants.record(field, chosen.value.path, 'browser');
      return chosen;
    },
    filesDialog: async () =>
      fail(
        appError('E_NOT_AVAILABLE', 'A browser cannot open this computer’s file dialog for the app.', {
          hint: 'Use Browse… beside the field: it shows this computer’s folders.',
        }),
      ),
    filesDropped: async () =>
      fail(
        appError('E_NOT_AVAILABLE', 'A browser does not tell the page where a dropped file is.', {
          hint: 'Use Browse… beside the field to choose it instead.',
        }),
      ),
    settingsGet: async () => ok(await settings.read()),
    settingsSave: async (change) => {
      try {
        return ok(await settings.save(change));
      } catch (thrown) {
        return fail(toAppError(thrown, `Saving the settings in ${settings.file}`));
      }
    },
  };
}
