// Handlers for the drive list (the full drive engine lives in core/drives).

import { ok, type Handlers } from '../../contract';
import { listDrives } from '../drives/list';
import type { ServiceContext } from './context';

export const driveHandlers = (_context: ServiceContext): Pick<Handlers, 'drivesList'> => ({
  drivesList: async (request) => ok(await listDrives({ includeLoop: request.includeLoop ?? false })),
});
