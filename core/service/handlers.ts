// Assembles every handler group into the one object that satisfies the contract.

import type { Handlers } from '../../contract';
import { appHandlers } from './app';
import { bootHandlers } from './boot';
import { bootTestHandlers } from './boot-test';
import type { ServiceContext } from './context';
import { driveHandlers } from './drives';
import { flashHandlers } from './flash';
import { rootHandlers } from './roots';
import { workshopHandlers } from './workshop';

export type { ServiceContext } from './context';

export function createHandlers(context: ServiceContext): Handlers {
  return {
    ...appHandlers(context),
    ...driveHandlers(context),
    ...flashHandlers(context),
    ...rootHandlers(context),
    ...bootHandlers(context),
    ...workshopHandlers(context),
    ...bootTestHandlers(context),
  } satisfies Handlers;
}
