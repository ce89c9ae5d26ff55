// Whose rights source files are read with: in the privileged writer, the user who asked for the write,
// never root (F1); everywhere else, this process's own, and nothing here does anything.

/*
 * How. The writer opens its devices as root, then switches its effective user, group and groups to
 * the invoking user's while it reads sources, and back to root only for what needs it (opening a
 * device to read it back, zeroing a head, ejecting). glibc applies set*id calls to every thread of
 * the process, so the I/O threads and libuv's pool read with the same rights; each read job also
 * carries the uid it must run as, and a thread that finds another refuses it (io-threads.ts).
 * Reading sections and root sections never overlap: each waits for the other kind to finish. The
 * switch back to root is lazy (only when a root section asks), so streaming a plan switches once,
 * not once per chunk.
 */

export interface Invoker {
  uid: number;
  gid: number;
  /** Supplementary groups, as the user's login would have them. */
  groups: number[];
}

interface State {
  invoker: Invoker;
  own: { gid: number; groups: number[] };
  mode: 'own' | 'invoker';
  readers: number;
  rooted: number;
  waiting: Array<{ kind: 'read' | 'own'; go: () => void }>;
}

let state: State | undefined;

/** From now on, sources are read as `invoker` (the privileged writer, running as root, calls this once). */
export function readSourcesAs(invoker: Invoker): void {
  if (process.geteuid?.() !== 0) throw new Error('only root switches to the invoking user for reads');
  state = {
    invoker,
    own: { gid: process.getegid?.() ?? 0, groups: process.getgroups?.() ?? [] },
    mode: 'own',
    readers: 0,
    rooted: 0,
    waiting: [],
  };
}

/** The uid source reads must run as, or undefined where this process reads with its own rights. */
export const sourceReaderUid = (): number | undefined => state?.invoker.uid;

function switchTo(s: State, mode: State['mode']): void {
  if (s.mode === mode) return;
  if (mode === 'invoker') {
    process.setgroups?.(s.invoker.groups);
    process.setegid?.(s.invoker.gid);
    process.seteuid?.(s.invoker.uid);
  } else {
    process.seteuid?.(0);
    process.setegid?.(s.own.gid);
    process.setgroups?.(s.own.groups);
  }
  s.mode = mode;
}

/** Lets waiting sections in once the running ones are done: all waiters of the first one's kind. */
function pump(s: State): void {
  if (s.readers > 0 || s.rooted > 0) return;
  const kind = s.waiting[0]?.kind;
  if (!kind) return;
  switchTo(s, kind === 'read' ? 'invoker' : 'own');
  const admitted = s.waiting.filter((w) => w.kind === kind);
  s.waiting = s.waiting.filter((w) => w.kind !== kind);
  for (const w of admitted) {
    if (kind === 'read') s.readers += 1;
    else s.rooted += 1;
    w.go();
  }
}

function enter(kind: 'read' | 'own'): Promise<() => void> {
  const s = state;
  if (!s) return Promise.resolve(() => undefined);
  const release = (): void => {
    if (kind === 'read') s.readers -= 1;
    else s.rooted -= 1;
    pump(s);
  };
  const others = kind === 'read' ? s.rooted : s.readers;
  // A section of the other kind waiting goes first, so neither kind can starve the other.
  if (others === 0 && s.waiting.length === 0) {
    switchTo(s, kind === 'read' ? 'invoker' : 'own');
    if (kind === 'read') s.readers += 1;
    else s.rooted += 1;
    return Promise.resolve(release);
  }
  return new Promise((resolve) => s.waiting.push({ kind, go: () => resolve(release) }));
}

/** Waits until sources may be read (as the invoker, in the writer); call the result when done. */
export const sourceReads = (): Promise<() => void> => enter('read');

/** Runs `call` with this process's own rights (root, in the writer), with no source read meanwhile. */
export async function withOwnRights<T>(call: () => Promise<T>): Promise<T> {
  const release = await enter('own');
  try {
    return await call();
  } finally {
    release();
  }
}
