// The wizard's memory: settings.json in the data folder, checked on read, written whole and private.

import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { settingsSchema, type Settings } from '../../contract';

export interface SettingsStore {
  /** What was saved last, or nothing when the file is missing, unreadable or not ours. */
  read(): Promise<Settings>;
  /** Merges `change` into what is saved (a key given replaces that key) and writes it. */
  save(change: Settings): Promise<Settings>;
  readonly file: string;
}

export function settingsStore(dataDir: string, log: (line: string) => void): SettingsStore {
  const file = join(dataDir, 'settings.json');
  let queue: Promise<unknown> = Promise.resolve();

  const read = async (): Promise<Settings> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (thrown) {
      if ((thrown as NodeJS.ErrnoException).code !== 'ENOENT')
        log(`settings: ${file} could not be read, so nothing is remembered: ${(thrown as Error).message}`);
      return {};
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (thrown) {
      log(`settings: ${file} is not JSON, so it is ignored: ${(thrown as Error).message}`);
      return {};
    }
    const parsed = settingsSchema.safeParse(json);
    if (!parsed.success) {
      log(`settings: ${file} is not what Sourcery Flasher writes, so it is ignored: ${parsed.error.message}`);
      return {};
    }
    return parsed.data;
  };

  /** A new file beside the old, synced, then renamed over it: a crash leaves one or the other. */
  const write = async (settings: Settings): Promise<void> => {
    await mkdir(dataDir, { recursive: true });
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(settings, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, file);
      await chmod(file, 0o600);
    } catch (thrown) {
      await rm(temp, { force: true });
      throw thrown;
    }
  };

  const save = (change: Settings): Promise<Settings> => {
    const next = queue.then(async () => {
      const merged = settingsSchema.parse({ ...(await read()), ...change });
      await write(merged);
      return merged;
    });
    queue = next.catch(() => undefined);
    return next;
  };

  return { read, save, file };
}
