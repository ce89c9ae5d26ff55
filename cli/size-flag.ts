// A size flag's value (--size, --min-size, --max-size) read in the one size grammar, or a usage error.

import { parseSize } from '../contract/units';
import { UsageError } from './command';

/** Bytes, or undefined when the flag was not given; a value that is not a size says what to type. */
export function sizeFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseSize(text);
  if (!parsed.ok) throw new UsageError(`--${flag} takes a size like 512M, 1.5G or 8G, not "${text}"`);
  return parsed.value;
}
