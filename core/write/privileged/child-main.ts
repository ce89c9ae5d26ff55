// The privileged writer process: accepts exactly one job, runs the same engine, reports back. It talks
// over its stdin/stdout, or over the signed channel given by `--channel ADDRESS --secret-file FILE`
// when the elevation tool could not hand it our pipes (Windows UAC; channel.ts).

import type { Readable } from 'node:stream';
import { appError } from '../../../contract/errors';
import { EngineError } from '../../errors';
import { runFlashJob } from '../flash-job';
import { createIoThreads } from '../../io/io-threads';
import { readSourcesAs } from '../../io/source-rights';
import { connectChannel } from './channel';
import { invokerOf } from './invoker';
import { decodeJob, jobLineLimit, lineReader, toChild, type ToParent } from './protocol';

interface Transport {
  input: Readable;
  send(line: string): void;
  /** Says everything queued, then exits with `code`. */
  exit(code: number): void;
}

const stdio: Transport = {
  input: process.stdin,
  send: (line) => void process.stdout.write(`${line}\n`),
  exit: (code) => process.exit(code),
};

async function transport(argv: string[]): Promise<Transport> {
  const option = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at < 0 ? undefined : argv[at + 1];
  };
  if (!argv.includes('--channel')) return stdio;
  const address = option('--channel');
  const secretFile = option('--secret-file');
  if (!address || !secretFile) throw new Error('--channel needs an address and --secret-file');
  const channel = await connectChannel(address, secretFile);
  return {
    input: channel.input,
    send: channel.send,
    exit: (code) => void channel.close().then(() => process.exit(code)),
  };
}

function serve(io: Transport): void {
  const send = (message: ToParent): void => io.send(JSON.stringify(message));
  const controller = new AbortController();
  let started = false;

  const fatal = (detail: string): void => {
    send({ type: 'fatal', error: appError('E_BAD_REQUEST', detail) });
    if (!started) io.exit(2);
    controller.abort();
  };

  io.input.on(
    'data',
    lineReader(
      (value) => {
        const parsed = toChild.safeParse(value);
        if (!parsed.success)
          return fatal(`The privileged writer got a message it does not accept: ${parsed.error.message}`);
        const message = parsed.data;
        if (message.type === 'cancel') return controller.abort();
        // One job per elevated process: a second one could be an attempt to reuse the elevation.
        if (started) return fatal('The privileged writer takes one job only.');
        started = true;
        // Root reads nothing by path: sources are read as the user who asked (F1).
        const invoker = invokerOf(process.env);
        if (typeof invoker === 'string') {
          send({
            type: 'fatal',
            error: appError('E_ELEVATION', `The privileged writer cannot read as you: ${invoker}.`),
          });
          return io.exit(2);
        }
        if (invoker) readSourcesAs(invoker);
        const job = decodeJob(message.job);
        runFlashJob(job, {
          devicesOnly: true,
          threads: createIoThreads(), // one job per process: they end with it
          signal: controller.signal,
          onProgress: (progress) => send({ type: 'progress', progress }),
          onLog: (line) => send({ type: 'log', line }),
        }).then(
          (results) => {
            send({ type: 'result', results });
            io.exit(0);
          },
          (thrown: unknown) => {
            send({
              type: 'fatal',
              error:
                thrown instanceof EngineError
                  ? thrown.appError
                  : appError('E_INTERNAL', 'The privileged writer failed.', { cause: String(thrown) }),
            });
            io.exit(1);
          },
        );
      },
      // The job holds the whole plan; a longer line is never held whole (L9).
      {
        maxLength: jobLineLimit,
        onTooLong: () => fatal('The privileged writer got a line longer than it takes.'),
      },
    ),
  );
  // The parent went away (its end closed): stop, leaving every unfinished head zeroed; with no job
  // yet, there is nothing to do.
  io.input.on('end', () => {
    controller.abort();
    if (!started) io.exit(3);
  });
  send({ type: 'ready', pid: process.pid, elevated: process.getuid?.() === 0 });
}

transport(process.argv.slice(2)).then(serve, (thrown: unknown) => {
  process.stderr.write(`privileged writer: no channel to the app: ${String(thrown)}\n`);
  process.exit(4);
});
