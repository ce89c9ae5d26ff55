// Main's answers to filesDialog and filesDropped: the native dialog and a dropped file's path, each a grant.

import { dialog, type BrowserWindow } from 'electron';
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, resolve } from 'node:path';
import { appError, fail, fieldAccepts, ok, type Handlers } from '../contract';
import type { FieldGrants } from '../core/service/grants';
import { dialogChoice, withImageSuffix } from './dialog-options';

export function dialogHandlers(
  grants: FieldGrants,
  window: () => BrowserWindow | undefined,
): Pick<Handlers, 'filesDialog' | 'filesDropped'> {
  return {
    filesDialog: async ({ field, want }) => {
      const choice = dialogChoice(field, want, homedir());
      const parent = window();
      const { properties, ...rest } = choice;
      let path: string | undefined;
      if (choice.save) {
        const options = {
          ...rest,
          properties: properties.filter((p) => p !== 'openFile' && p !== 'openDirectory'),
        };
        const answer = parent
          ? await dialog.showSaveDialog(parent, options)
          : await dialog.showSaveDialog(options);
        path = answer.canceled || !answer.filePath ? undefined : withImageSuffix(answer.filePath);
      } else {
        const options = { ...rest, properties: properties.filter((p) => p !== 'showOverwriteConfirmation') };
        const answer = parent
          ? await dialog.showOpenDialog(parent, options)
          : await dialog.showOpenDialog(options);
        path = answer.canceled ? undefined : answer.filePaths[0];
      }
      const kind = properties.includes('openDirectory') ? 'folder' : 'file';
      if (!path) return ok({ field, path: '', kind });
      grants.record(field, path, 'dialog');
      return ok({ field, path: resolve(path), kind });
    },
    // The path comes from the preload, which reads it from the dropped File (webUtils.getPathForFile).
    filesDropped: async ({ field, path }) => {
      const info = await stat(path).catch(() => null);
      const kind = info?.isDirectory() ? 'folder' : 'file';
      if (!info || !fieldAccepts(field, basename(path), kind))
        return fail(
          appError('E_PATH_REFUSED', `${basename(path)} is not something this field takes.`, {
            hint: 'Drop a root folder or archive, a kernel or .deb, or an .img file.',
          }),
        );
      grants.record(field, path, 'drop');
      return ok({ field, path: resolve(path), kind });
    },
  };
}
