// Whether a source's go.mod fits the root's Go: its `go` and `toolchain` lines against the toolchain's
// version, judged as that Go's own go command would judge them, before any work is done.
//
// Go 1.21 and later refuse a module whose `go` line is newer than themselves. Go before 1.21 cannot
// read a three-part `go` line ("1.24.0") or a `toolchain` line at all, and builds a module with a newer
// two-part line ("go 1.21" under Go 1.19) as far as it can: that is only a warning here, and the
// compile check then shows which commands do not build.

import type { GoMod } from './go-mod';

/** [major, minor, patch, prerelease?] of "1.21", "1.21.0", "1.21rc1", "go1.19.8"; null if not a version. */
export function parseGoVersion(text: string): [number, number, number, boolean] | null {
  const m = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+)|(rc\d+|beta\d+))?$/.exec(text.trim());
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0), m[4] !== undefined];
}

/** Compares two parsed versions; a prerelease comes before its release. */
function compare(a: [number, number, number, boolean], b: [number, number, number, boolean]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return Number(!a[3]) - Number(!b[3]);
}

export type Fit =
  | { fits: true; warning?: string }
  | {
      fits: false;
      /** What the source asks for ("go 1.24.0"). */
      needs: string;
      /** One sentence: the mismatch and what to do. */
      message: string;
    };

const advice = (needs: string) =>
  `Build the root with a newer Go: --go ${needs} (cloned and built), or --goroot DIR for a Go ${needs} or later ` +
  'already installed; or use an older release of the source.';

/** Judges `goMod` (of `source`) against the root's Go version ("go1.19.8"). */
export function toolchainFit(goMod: GoMod | null, rootGo: string, source: string): Fit {
  const have = parseGoVersion(rootGo);
  if (!goMod || !have) return { fits: true }; // no go.mod, or a development Go: nothing to judge
  const lines = [goMod.go && `go ${goMod.go}`, goMod.toolchain && `toolchain ${goMod.toolchain}`].filter(
    Boolean,
  );
  const wants = goMod.go ? parseGoVersion(goMod.go) : null;
  const needs = goMod.go ?? '1.21';
  const refuse = (why: string): Fit => ({
    fits: false,
    needs,
    message: `${source}: its go.mod says ${lines.join(', ')}; ${why} ${advice(needs)}`,
  });
  if (goMod.go && !wants) return refuse(`"${goMod.go}" is not a Go version that ${rootGo} can read.`);
  const modern = compare(have, [1, 21, 0, true]) >= 0;
  const newSyntax = /^\d+\.\d+\.\d+$/.test(goMod.go ?? '') || Boolean(wants?.[3]);
  if (!modern && (goMod.toolchain || newSyntax))
    return refuse(`${rootGo} (the root's Go) cannot read that go.mod (Go 1.21 and later can).`);
  if (wants && compare(wants, have) > 0) {
    if (modern) return refuse(`the root's Go is ${rootGo}, which refuses modules newer than itself.`);
    return {
      fits: true,
      warning:
        `${source}: its go.mod says go ${goMod.go}, newer than the root's ${rootGo}; ${rootGo} builds it as far as it ` +
        'can, and the compile check lists any command that does not build.',
    };
  }
  return { fits: true };
}
