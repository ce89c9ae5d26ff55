// Which archive entry names may be written: relative, no "..", and valid on every OS a root is used on.

/** Names Windows reserves in every folder, with or without an extension (CON, CON.txt). */
const windowsReserved = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;

/** Why one path segment cannot be written, or undefined when it can. */
export function segmentProblem(segment: string): string | undefined {
  if (segment === '..') return 'climbs out with ".."';
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\0-\x1f]/.test(segment)) return 'has a control character in its name';
  // ":" names an NTFS alternate data stream; the rest are refused by Windows and by FAT32.
  if (/[:<>"|?*]/.test(segment)) return `has a character Windows cannot store (${segment})`;
  if (windowsReserved.test(segment)) return `is named ${segment}, a device name on Windows`;
  if (/[. ]$/.test(segment)) return `ends with a dot or space (${segment}), which Windows drops`;
  if (Buffer.byteLength(segment) > 255) return 'has a name over 255 bytes';
  return undefined;
}

/** The entry's path split into safe segments ([] for the archive's own top, "./"), or why it is unsafe. */
export function safeSegments(name: string): string[] | string {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'has an absolute path';
  const segments = name.split(/[/\\]/).filter((s) => s !== '' && s !== '.');
  for (const segment of segments) {
    const problem = segmentProblem(segment);
    if (problem) return problem;
  }
  return segments;
}
