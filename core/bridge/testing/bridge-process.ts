// Tests: the bridge server alone in its own process (run through tsx), so a test can see whether a request ends it.

import { startBridgeServer } from '../ws-server';
import { recordingHandlers, type RecordedCall } from './bridge-client';

const calls: RecordedCall[] = [];
const server = await startBridgeServer({
  staticDir: process.argv[2],
  createHandlers: () => recordingHandlers(calls),
  report: () => {},
});
process.stdout.write(`${JSON.stringify({ port: server.port, token: server.token, url: server.url })}\n`);
