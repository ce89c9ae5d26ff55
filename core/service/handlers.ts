// Assembles every handler group into the one object that satisfies the contract.

import type { Handlers } from '../../contract';
import { appHandlers } from './app';
import { bootHandlers } from './boot';
import type { ServiceContext } from './context';
import { driveHandlers } from './drives';
import { flashHandlers } from './flash';
import { rootHandlers } from './roots';

export type { ServiceContext } from './context';

export function createHandlers(context: ServiceContext): Handlers {
  return {
    ...appHandlers(context),
    ...driveHandlers(context),
    ...flashHandlers(context),
    ...rootHandlers(context),
    ...bootHandlers(context),
  } satisfies Handlers;
}
