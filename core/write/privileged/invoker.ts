// Who asked for the write: the user whose rights the privileged writer reads sources with (F1).

import { execFileSync } from 'node:child_process';
import type { Invoker } from '../../io/source-rights';

/*
 * Where the ids come from. pkexec sets PKEXEC_UID itself and passes nothing of the caller's
 * environment, so a caller cannot forge it: that is the one elevation where what the writer runs is
 * limited (the polkit action names the writer only). sudo sets SUDO_UID and SUDO_GID; we start the
 * writer through `env -i` under sudo and osascript, passing our own ids by those names: whoever can
 * answer sudo's or the macOS administrator prompt may run anything as root anyway, so an id they
 * claim gains them nothing those prompts had not already granted.
 */

const id = (text: string | undefined): number | undefined =>
  text !== undefined && /^\d{1,10}$/.test(text) ? Number(text) : undefined;

/** The user's primary group, from the system's user database (NSS, so LDAP users too). */
function primaryGroup(uid: number): number | undefined {
  try {
    const line = execFileSync('getent', ['passwd', String(uid)], { encoding: 'utf8' }).trim();
    return id(line.split(':')[3]);
  } catch {
    return undefined;
  }
}

/** The user's groups as a login would set them, found without keeping them (root's are restored). */
function groupsOf(uid: number, gid: number): number[] {
  const own = process.getgroups?.() ?? [];
  try {
    // Node has it on POSIX; its type declarations leave it out.
    (process as { initgroups?: (user: number, extraGroup: number) => void }).initgroups?.(uid, gid);
    return process.getgroups?.() ?? [gid];
  } catch {
    return [gid]; // a user with no entry in the user database (sudo from a bare uid)
  } finally {
    process.setgroups?.(own);
  }
}

/**
 * The invoking user, when this process is root on a POSIX system and was started for someone else;
 * undefined when root itself asked (then reads stay root's, still held to the scanned files); a
 * string saying what is wrong when the ids given cannot be used.
 */
export function invokerOf(env: NodeJS.ProcessEnv): Invoker | undefined | string {
  if (process.platform === 'win32' || process.geteuid?.() !== 0) return undefined;
  const viaPkexec = env.PKEXEC_UID !== undefined;
  const uidText = viaPkexec ? env.PKEXEC_UID : env.SUDO_UID;
  if (uidText === undefined) return undefined;
  const uid = id(uidText);
  if (uid === undefined) return `the invoking user's id ${JSON.stringify(uidText)} is not a number`;
  if (uid === 0) return undefined;
  const gid = viaPkexec ? primaryGroup(uid) : id(env.SUDO_GID);
  if (gid === undefined) return `no group was found for the invoking user ${uid}`;
  return { uid, gid, groups: groupsOf(uid, gid) };
}
