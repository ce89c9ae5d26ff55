// The privileged writer process: accepts exactly one job on stdin, runs the same engine, reports on stdout.

import { appError } from '../../../contract/errors';
import { runFlashJob } from '../flash-job';
import { decodeJob, lineReader, toChild, type ToParent } from './protocol';

const send = (message: ToParent): void => void process.stdout.write(`${JSON.stringify(message)}\n`);
const controller = new AbortController();
let started = false;

const fatal = (detail: string): void => {
  send({ type: 'fatal', error: appError('E_BAD_REQUEST', detail) });
  if (!started) process.exit(2);
  controller.abort();
};

process.stdin.on(
  'data',
  lineReader((value) => {
    const parsed = toChild.safeParse(value);
    if (!parsed.success)
      return fatal(`The privileged writer got a message it does not accept: ${parsed.error.message}`);
    const message = parsed.data;
    if (message.type === 'cancel') return controller.abort();
    // One job per elevated process: a second one could be an attempt to reuse the elevation.
    if (started) return fatal('The privileged writer takes one job only.');
    started = true;
    const job = decodeJob(message.job);
    runFlashJob(job, {
      devicesOnly: true,
      signal: controller.signal,
      onProgress: (progress) => send({ type: 'progress', progress }),
      onLog: (line) => send({ type: 'log', line }),
    }).then(
      (results) => {
        send({ type: 'result', results });
        process.exit(0);
      },
      (thrown: unknown) => {
        send({
          type: 'fatal',
          error: appError('E_INTERNAL', 'The privileged writer failed.', { cause: String(thrown) }),
        });
        process.exit(1);
      },
    );
  }),
);
// The parent went away (its end of the pipe closed): stop, leaving every unfinished head zeroed.
process.stdin.on('end', () => controller.abort());
send({ type: 'ready', pid: process.pid, elevated: process.getuid?.() === 0 });
