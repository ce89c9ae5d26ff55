// Makes a real local git repository of a tiny Go module with three commands, standing in for u-root.

import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const files: Record<string, string> = {
  'go.mod': 'module example.com/tiny\n\ngo 1.17\n',
  'cmds/hello/main.go':
    'package main\n\nimport (\n\t"fmt"\n\t"os"\n\n\t"example.com/tiny/greet"\n)\n\nfunc main() {\n\tfmt.Println(greet.Line(os.Args[1:]))\n}\n',
  'cmds/sum/main.go':
    'package main\n\nimport (\n\t"fmt"\n\t"os"\n\t"strconv"\n)\n\nfunc main() {\n\ttotal := 0\n\tfor _, a := range os.Args[1:] {\n\t\tn, _ := strconv.Atoi(a)\n\t\ttotal += n\n\t}\n\tfmt.Println("sum", total)\n}\n',
  // Imports nothing, so compiling it inside an emulated machine stays short (runtime only).
  'cmds/hi/main.go': 'package main\n\nfunc main() {\n\tprintln("hi from a command compiled on demand")\n}\n',
  'greet/greet.go':
    'package greet\n\nimport "strings"\n\n// Line is what hello prints.\nfunc Line(args []string) string {\n\treturn "hello from sourcery " + strings.Join(args, " ")\n}\n',
};

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
    stdio: 'pipe',
  });

/**
 * A command that compiles only for amd64: its helper is defined in a file only amd64 builds take, so
 * for any other architecture the compiler stops at "undefined: helper".
 */
export const amd64OnlyCommand: Record<string, string> = {
  'cmds/onlyamd/main.go': 'package main\n\nfunc main() {\n\tprintln(helper())\n}\n',
  'cmds/onlyamd/helper_amd64.go': 'package main\n\nfunc helper() string { return "amd64 only" }\n',
};

/** Creates the repository at `dir` with one commit tagged v1.0.0; `extra` adds files to it. */
export async function makeTinyRepo(dir: string, extra: Record<string, string> = {}): Promise<void> {
  for (const [path, text] of Object.entries({ ...files, ...extra })) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  git(dir, 'init', '--quiet', '--initial-branch=main');
  git(dir, 'add', '.');
  git(dir, 'commit', '--quiet', '-m', 'tiny commands');
  git(dir, 'tag', 'v1.0.0');
}
