// The one rule for the user's kernel arguments (--append, boot.append): what every boot file can carry.
//
// Each boot file holds the command line as plain text, so the rule is what each encoder reads as syntax:
// - syslinux.cfg (bios): `APPEND <line>` takes the rest of the line verbatim; a line break starts a
//   new directive. UKI .cmdline (uefi): the bytes are the kernel's command line as they are.
// - boot.scr (uboot): `setenv bootargs '<line>'` in U-Boot's hush; a single quote ends the word, and
//   U-Boot may substitute `${name}` and drop backslashes in bootargs when it boots (BOOTARGS_SUBST).
// - the kernel itself: `"` quotes a value with spaces (sourcery.run="go test"); an unmatched one makes
//   the rest of the line one word.
// So: printable ASCII only (no line breaks, tabs or other control characters, nothing a boot loader
// might read in another encoding); `"` in pairs; for uboot also no `'`, `$` or `\`. `;`, `#` and
// backticks are literal in every one of these places and pass.

import { appError, fail, ok, type Result } from '../../contract';
import type { BootMethod } from '../../contract/boot';

const named: Record<string, string> = {
  '\n': 'a line break',
  '\r': 'a carriage return',
  '\t': 'a tab',
  '\0': 'a NUL character',
};

const describe = (char: string): string => {
  const code = char.codePointAt(0) ?? 0;
  const unicode = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (named[char]) return `${named[char]} (${unicode})`;
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0))
    return `the control character ${unicode}`;
  return `"${char}" (${unicode}), which is not plain ASCII`;
};

/** Characters U-Boot's boot.scr cannot carry as they are, and why. */
const ubootOnly: Record<string, string> = {
  "'": 'ends the quoted bootargs word in boot.scr (the kernel gives \' no meaning; use ")',
  $: 'is expanded by U-Boot as a variable (${name}) when it boots',
  '\\': 'is taken as an escape by U-Boot when it boots',
};

/**
 * The arguments as they will be written (trimmed), or E_KERNEL_ARGS naming the first character that
 * a boot file for `methods` would read as syntax. Runs before any kernel is read or any file written.
 */
export function checkKernelArguments(
  append: string | undefined,
  methods: readonly BootMethod[],
): Result<string | undefined> {
  const refuse = (detail: string, hint: string) =>
    fail<string | undefined>(
      appError('E_KERNEL_ARGS', `The kernel arguments ${JSON.stringify(append)} ${detail}.`, { hint }),
    );
  if (append === undefined) return ok(undefined);
  const chars = [...append];
  const bad = chars.findIndex((c) => c < ' ' || c > '~');
  if (bad !== -1)
    return refuse(
      `hold ${describe(chars[bad] ?? '')} at position ${bad + 1}, which would change what the boot files say`,
      'Write the arguments on one line in plain ASCII, words separated by spaces.',
    );
  if (methods.includes('uboot')) {
    const at = chars.findIndex((c) => ubootOnly[c] !== undefined);
    if (at !== -1)
      return refuse(
        `hold ${chars[at]} at position ${at + 1}, which ${ubootOnly[chars[at] ?? '']}`,
        'Leave that character out, or leave uboot out of the boot methods (--boot bios,uefi).',
      );
  }
  if (chars.filter((c) => c === '"').length % 2 === 1)
    return refuse(
      'hold an unmatched ", so the kernel would read everything after it as one word',
      'Close the quote: name="value with spaces".',
    );
  const trimmed = append.trim();
  return ok(trimmed === '' ? undefined : trimmed);
}
