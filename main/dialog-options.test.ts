// The native dialog's choice per field: folders or archives for a root, any file for kernels, .img to save.

import { describe, expect, it } from 'vitest';
import { dialogChoice, withImageSuffix } from './dialog-options';

describe('dialog options', () => {
  it('asks for a folder or an archive for the root, a kernel file, and where to save an image', () => {
    expect(dialogChoice('root', undefined, '/home/me').properties).toEqual(['openDirectory']);
    const archive = dialogChoice('root', 'file', '/home/me');
    expect(archive.properties).toEqual(['openFile']);
    expect(archive.filters[0]?.extensions.sort()).toEqual(['gz', 'tar', 'tgz', 'txz', 'tzst', 'xz', 'zst']);
    expect(dialogChoice('kernel', undefined, '/home/me').filters.map((f) => f.extensions)).toEqual([
      ['*'],
      ['deb'],
      ['efi'],
    ]);
    const image = dialogChoice('image', undefined, '/home/me');
    expect(image).toMatchObject({ save: true, defaultPath: '/home/me/sourcery.img' });
    expect(image.filters).toEqual([{ name: 'Disk images', extensions: ['img'] }]);
  });

  it('gives a saved image the .img the engine requires', () => {
    expect(withImageSuffix('/home/me/stick')).toBe('/home/me/stick.img');
    expect(withImageSuffix('/home/me/stick.IMG')).toBe('/home/me/stick.IMG');
  });
});
