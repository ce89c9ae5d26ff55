// A stand-in Go installation for tests that must get past the toolchain steps in seconds: its bin/go
// makes empty files wherever `-o` points, and notes each run in a file beside it.

import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const script = `#!/bin/sh
# "go build ... -o DIR/ pkgs..." makes one empty program per tool; "-o FILE ." makes FILE.
echo "$*" >> "$(dirname "$0")/../runs"
out=""; prev=""
for a in "$@"; do [ "$prev" = "-o" ] && out="$a"; prev="$a"; done
case "$out" in
  "") ;;
  */) for t in go compile link asm buildid pack cgo; do : > "$out$t"; done ;;
  *) : > "$out" ;;
esac
`;

/** Creates the stand-in at `dir`; returns the file each run of its go is noted in. */
export async function makeFakeGoroot(dir: string): Promise<string> {
  await mkdir(join(dir, 'bin'), { recursive: true });
  await mkdir(join(dir, 'src', 'fmt'), { recursive: true });
  await writeFile(join(dir, 'VERSION'), 'go1.99.0\n');
  await writeFile(join(dir, 'src', 'fmt', 'print.go'), 'package fmt\n');
  await writeFile(join(dir, 'bin', 'go'), script);
  await chmod(join(dir, 'bin', 'go'), 0o755);
  return join(dir, 'runs');
}
