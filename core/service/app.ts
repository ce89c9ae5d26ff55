// Handlers that describe the app itself.

import { join } from 'node:path';
import { ok, type AppInfo, type Handlers } from '../../contract';
import type { ServiceContext } from './context';

const version = '0.1.0';

export const appHandlers = (context: ServiceContext): Pick<Handlers, 'appInfo'> => ({
  appInfo: async () => {
    const info: AppInfo = {
      name: 'Sourcery Flasher',
      version,
      platform: process.platform,
      arch: process.arch,
      shell: context.shell,
      rootsDir: join(context.dataDir, 'roots'),
      capabilities: { compose: true, boot: true, roots: true, write: true },
    };
    return ok(info);
  },
});
