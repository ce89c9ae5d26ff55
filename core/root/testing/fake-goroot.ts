// A stand-in Go installation for tests that must get past the toolchain steps in seconds: its bin/go
// makes empty files wherever `-o` points, lists every command asked about as compiled, and notes
// each run in a file beside it.

import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const script = `#!/bin/sh
# "go build ... -o DIR/ pkgs..." makes one empty program per tool; "-o FILE ." makes FILE.
# "go list ... -- ./a ./b" says each is a command that compiled, with an empty export file.
echo "$*" >> "$(dirname "$0")/../runs"
[ -n "$GOCACHE" ] && mkdir -p "$GOCACHE"
if [ "$1" = list ]; then
  seen=""
  for a in "$@"; do
    if [ -n "$seen" ]; then
      d="\${a#./}"
      printf '{"ImportPath":"fake/%s","Dir":"%s/%s","Name":"main","Export":"%s"}\n' "$d" "$PWD" "$d" "$(dirname "$0")/../export"
    fi
    [ "$a" = "--" ] && seen=1
  done
  exit 0
fi
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
  await writeFile(join(dir, 'export'), '');
  await writeFile(join(dir, 'bin', 'go'), script);
  await chmod(join(dir, 'bin', 'go'), 0o755);
  return join(dir, 'runs');
}
