// VFAT name rules: which long names are legal, and unique 8.3 short names in O(1) per entry.

/** Characters no VFAT name may hold: the reserved ones and control characters. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what VFAT forbids
const forbidden = /["*/:<>?\\|\x00-\x1f]/;

/** Why a name cannot be stored on VFAT, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (name.length > 255) return `the name is ${name.length} UTF-16 units long; VFAT allows 255`;
  if (name.includes('\uFFFD'))
    return 'the name is not valid UTF-8 (it cannot be turned into a VFAT long name)';
  if (forbidden.test(name)) {
    const shown = [...new Set(name.match(new RegExp(forbidden.source, 'g')))].map((c) =>
      c.charCodeAt(0) < 0x20 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c,
    );
    return `the name contains ${shown.join(' ')}, which VFAT does not allow`;
  }
  if (name.endsWith('.') || name.endsWith(' '))
    return 'the name ends with a dot or a space, which VFAT drops';
  return undefined;
}

/** Characters allowed in a short name besides A-Z and 0-9 (ASCII only: we do not use OEM code pages). */
const shortSpecials = "!#$%&'()-@^_`{}~";
const isShortChar = (c: string): boolean =>
  (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || shortSpecials.includes(c);
const allShortChars = /^[A-Z0-9!#$%&'()\-@^_`{}~]*$/;

export interface ShortName {
  /** 11 ASCII characters: base padded to 8, extension padded to 3. */
  name: string;
  /** NT case bits (0x08 lower-case base, 0x10 lower-case extension) for names stored without LFN. */
  caseFlags: number;
  /** True when the long name needs LFN entries in front of the short entry. */
  lfn: boolean;
}

const pad = (base: string, ext: string): string => base.padEnd(8, ' ') + ext.padEnd(3, ' ');

/** Upper or lower case throughout: 1 for lower, 0 for upper or no letters, -1 for mixed. */
function caseOf(part: string): number {
  const lower = part !== part.toUpperCase();
  const upper = part !== part.toLowerCase();
  return lower && upper ? -1 : lower ? 1 : 0;
}

/**
 * A name that is already 8.3 keeps itself as its short name (no numeric tail). All-lower or
 * all-upper parts need no LFN entry: the NT case bits, read by Windows, Linux, mtools, U-Boot and
 * EDK2, restore "print.go" from "PRINT   GO ". Mixed case ("Makefile") keeps an LFN entry.
 */
export function exactShortName(name: string): ShortName | undefined {
  const dot = name.lastIndexOf('.');
  const base = dot < 0 ? name : name.slice(0, dot);
  const ext = dot < 0 ? '' : name.slice(dot + 1);
  if (base.length < 1 || base.length > 8 || ext.length > 3 || (dot >= 0 && ext.length === 0))
    return undefined;
  const upperBase = base.toUpperCase();
  const upperExt = ext.toUpperCase();
  if (!allShortChars.test(upperBase) || !allShortChars.test(upperExt)) return undefined;
  const baseCase = caseOf(base);
  const extCase = caseOf(ext);
  const lfn = baseCase < 0 || extCase < 0;
  const caseFlags = lfn ? 0 : (baseCase > 0 ? 0x08 : 0) | (extCase > 0 ? 0x10 : 0);
  return { name: pad(upperBase, upperExt), caseFlags, lfn };
}

/** Windows' "basis name": upper case, spaces and leading dots dropped, other odd characters as "_". */
function basis(name: string): { base: string; ext: string } {
  const clean = (part: string) =>
    [...part.toUpperCase().replace(/[ .]/g, '')].map((c) => (isShortChar(c) ? c : '_')).join('');
  const trimmed = name.replace(/^[ .]+/, '');
  const dot = trimmed.lastIndexOf('.');
  const base = clean(dot < 0 ? trimmed : trimmed.slice(0, dot)).slice(0, 8) || '_';
  const ext = dot < 0 ? '' : clean(trimmed.slice(dot + 1)).slice(0, 3);
  return { base, ext };
}

/**
 * Short names of one directory. Call `reserve` for every child first (so that exact 8.3 names keep
 * themselves), then `assign` for each. A hash set of taken names plus a counter per basis prefix
 * makes each assignment O(1) amortised, even in directories of tens of thousands of entries.
 */
export class ShortNames {
  #taken = new Set<string>();
  #next = new Map<string, number>();

  /** Claims the exact short name of an 8.3-shaped name; returns it, or undefined if not 8.3. */
  reserve(name: string): ShortName | undefined {
    const exact = exactShortName(name);
    if (exact) this.#taken.add(exact.name);
    return exact;
  }

  /** A unique short name for a name that `reserve` did not take. */
  generate(name: string): ShortName {
    const { base, ext } = basis(name);
    const key = `${base.slice(0, 6)}.${ext}`;
    let n = this.#next.get(key) ?? 1;
    for (;;) {
      const tail = `~${n}`;
      const candidate = pad(base.slice(0, 8 - tail.length) + tail, ext);
      if (!this.#taken.has(candidate)) {
        this.#taken.add(candidate);
        this.#next.set(key, n + 1);
        return { name: candidate, caseFlags: 0, lfn: true };
      }
      n += 1;
    }
  }
}
