// Assembles every handler group into the one object that satisfies the contract.

import type { Handlers } from '../../contract';
import { appHandlers } from './app';
import { aptKernelHandlers } from './apt-kernels';
import { bootHandlers } from './boot';
import { bootTestHandlers } from './boot-test';
import { createIoThreads, type IoThreads } from '../io/io-threads';
import type { HandlerContext, ServiceContext } from './context';
import { driveHandlers } from './drives';
import { filesHandlers } from './files';
import { flashHandlers } from './flash';
import { FieldGrants } from './grants';
import { rootHandlers } from './roots';
import { workshopHandlers } from './workshop';

export type { ServiceContext } from './context';

/**
 * The service for one host (window or server). Unless the host hands it threads, it starts its own
 * I/O threads when a job first needs them, and closes them when the host's signal aborts (idle, they
 * keep nothing alive).
 */
export function createHandlers(given: ServiceContext): Handlers {
  let owned: IoThreads | undefined;
  given.signal?.addEventListener('abort', () => void owned?.close(), { once: true });
  const context: HandlerContext = {
    ...given,
    grants: given.grants ?? new FieldGrants(),
    get threads() {
      return given.threads ?? (owned ??= createIoThreads());
    },
  };
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
