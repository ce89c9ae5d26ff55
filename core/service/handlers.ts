// Assembles every handler group into the one object that satisfies the contract.

import type { Handlers } from '../../contract';
import { appHandlers } from './app';
import { aptKernelHandlers } from './apt-kernels';
import { bootHandlers } from './boot';
import { bootTestHandlers } from './boot-test';
import { createIoThreads } from '../io/io-threads';
import type { ServiceContext } from './context';
import { driveHandlers } from './drives';
import { filesHandlers } from './files';
import { flashHandlers } from './flash';
import { FieldGrants } from './grants';
import { rootHandlers } from './roots';
import { workshopHandlers } from './workshop';

export type { ServiceContext } from './context';

/**
 * The service for one host (window or server). Unless the host hands it threads, it starts its own
 * I/O threads now and closes them when the host's signal aborts (idle, they keep nothing alive).
 */
export function createHandlers(given: ServiceContext): Handlers {
  const threads = given.threads ?? createIoThreads();
  if (!given.threads) given.signal?.addEventListener('abort', () => void threads.close(), { once: true });
  const context = { ...given, grants: given.grants ?? new FieldGrants(), threads };
  return {
    ...appHandlers(context),
    ...driveHandlers(context),
    ...flashHandlers(context),
    ...rootHandlers(context),
    ...bootHandlers(context),
    ...workshopHandlers(context),
    ...bootTestHandlers(context),
    ...filesHandlers(context),
    ...aptKernelHandlers(context),
  } satisfies Handlers;
}
