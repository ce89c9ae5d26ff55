// Assembles every handler group into the one object that satisfies the contract.

import type { Handlers } from '../../contract';
import { appHandlers } from './app';
import { aptKernelHandlers } from './apt-kernels';
import { bootHandlers } from './boot';
import { bootTestHandlers } from './boot-test';
import type { ServiceContext } from './context';
import { driveHandlers } from './drives';
import { filesHandlers } from './files';
import { flashHandlers } from './flash';
import { FieldGrants } from './grants';
import { rootHandlers } from './roots';
import { workshopHandlers } from './workshop';

export type { ServiceContext } from './context';

export function createHandlers(given: ServiceContext): Handlers {
  const context = { ...given, grants: given.grants ?? new FieldGrants() };
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
