// What the native dialog shows for each path field: folders or files, and which (pure, no Electron).

import { archiveSuffixes, type PathField } from '../contract';

export interface DialogFilter {
  name: string;
  extensions: string[];
}

export interface DialogChoice {
  save: boolean;
  title: string;
  buttonLabel: string;
  properties: (
    'openFile' | 'openDirectory' | 'showHiddenFiles' | 'createDirectory' | 'showOverwriteConfirmation'
  )[];
  filters: DialogFilter[];
  defaultPath?: string;
}

/** Dialog filters name the last extension only ("zst" matches .tar.zst); the engine checks the rest. */
const archiveExtensions = [...new Set(archiveSuffixes.map((suffix) => suffix.split('.').pop() ?? ''))];

export function dialogChoice(
  field: PathField,
  want: 'folder' | 'file' | undefined,
  home: string,
): DialogChoice {
  if (field === 'image')
    return {
      save: true,
      title: 'Save the image file as',
      buttonLabel: 'Save here',
      properties: ['createDirectory', 'showOverwriteConfirmation'],
      filters: [{ name: 'Disk images', extensions: ['img'] }],
      defaultPath: `${home}/sourcery.img`,
    };
  if (field === 'kernel')
    return {
      save: false,
      title: 'Choose a kernel or a linux-image .deb',
      buttonLabel: 'Use this kernel',
      properties: ['openFile'],
      // Kernels rarely have an extension (vmlinuz-6.1.0-13-amd64, Image), so "All files" comes first.
      filters: [
        { name: 'All files', extensions: ['*'] },
        { name: 'Debian packages', extensions: ['deb'] },
        { name: 'EFI kernels', extensions: ['efi'] },
      ],
    };
  return want === 'file'
    ? {
        save: false,
        title: 'Choose a root archive',
        buttonLabel: 'Open this archive',
        properties: ['openFile'],
        filters: [
          { name: 'Root archives (.tar, .tar.gz, .tar.xz, .tar.zst)', extensions: archiveExtensions },
        ],
      }
    : {
        save: false,
        title: 'Choose the root folder',
        buttonLabel: 'Use this folder',
        properties: ['openDirectory'],
        filters: [],
      };
}

/** A saved image's path ends in .img, whatever the dialog let the user type. */
export const withImageSuffix = (path: string): string => (/\.img$/i.test(path) ? path : `${path}.img`);
