// The lint rules that keep each process in its lane really fire.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('import boundaries', () => {
  it('refuse the engine, main and Node built-ins in the renderer', async () => {
    for (const source of ['../../core/errors', '../../main/ipc', 'node:fs', 'electron']) {
      expect(await ruleIds('renderer/src/probe.ts', `import '${source}';\n`)).toContain(
        'no-restricted-imports',
      );
    }
  });

  it('refuse electron in core and any runtime in contract', async () => {
    expect(await ruleIds('core/probe.ts', "import 'electron';\n")).toContain('no-restricted-imports');
    expect(await ruleIds('contract/probe.ts', "import 'node:fs';\n")).toContain('no-restricted-imports');
    expect(await ruleIds('contract/probe.ts', "import '../core/errors';\n")).toContain(
      'no-restricted-imports',
    );
  });

  it('let the renderer import the contract', async () => {
    expect(await ruleIds('renderer/src/probe.ts', "import '../../contract/names';\n")).toEqual([]);
  });
});

describe('test support (testing/ folders)', () => {
  const root = new URL('..', import.meta.url).pathname;
  const probeDir = join(root, 'core', 'write', `boundary-probe-${process.pid}`);
  afterAll(() => rmSync(probeDir, { recursive: true, force: true }));

  /** Lints a real file written into the tree, as `eslint` on the command line would see it. */
  async function lintFile(name: string, code: string): Promise<string[]> {
    const file = join(probeDir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, code);
    const [result] = await eslint.lintFiles([file]);
    return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
  }

  it('refuse testing/ in product code, in every front end and the engine', async () => {
    const probe = "import '../testing/plan-fixture';\n";
    expect(await lintFile('product.ts', probe)).toContain('no-restricted-imports');
    for (const file of ['cli/commands/probe.ts', 'main/probe.ts', 'core/image/probe.ts']) {
      expect(await ruleIds(file, "import '../../core/write/testing/plan-fixture';\n")).toContain(
        'no-restricted-imports',
      );
    }
  });

  it('let tests and other test support import it', async () => {
    expect(await ruleIds('core/write/probe.test.ts', "import './testing/plan-fixture';\n")).toEqual([]);
    expect(await lintFile('testing/probe.ts', "import '../../testing/plan-fixture';\n")).toEqual([]);
    expect(await ruleIds('core/write/testing/probe.ts', "import './plan-fixture';\n")).toEqual([]);
    expect(
      await ruleIds('e2e/browser/probe.spec.ts', "import '../../core/write/testing/loop-devices';\n"),
    ).toEqual([]);
  });
});

describe('engine layers: io <- image <- write', () => {
  const root = new URL('..', import.meta.url).pathname;
  const probes: string[] = [];
  afterAll(() => probes.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** Lints a real file generated in `folder` (a fresh subfolder of it), as `eslint .` would see it. */
  async function lintIn(folder: string, code: string): Promise<string[]> {
    const dir = join(root, folder, `layer-probe-${process.pid}`);
    probes.push(dir);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'probe.ts');
    writeFileSync(file, code);
    const [result] = await eslint.lintFiles([file]);
    return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
  }

  it('refuse image and write in io, and write in image', async () => {
    expect(await lintIn('core/io', "import '../../image/compose';\n")).toContain('no-restricted-imports');
    expect(await lintIn('core/io', "import '../../write/fan-out';\n")).toContain('no-restricted-imports');
    expect(await lintIn('core/image/fat32', "import '../../../write/verify';\n")).toContain(
      'no-restricted-imports',
    );
    // The image <-> root cycle stays broken: root uses the composer's walker, never the reverse.
    expect(await lintIn('core/image/read', "import '../../../root/inspect';\n")).toContain(
      'no-restricted-imports',
    );
  });

  it('let each layer import the ones below it', async () => {
    expect(await lintIn('core/image', "import '../../io/plan';\n")).toEqual([]);
    expect(await lintIn('core/write', "import '../../io/plan';\nimport '../../image/compose';\n")).toEqual(
      [],
    );
  });
});

describe('renderer subscriptions (issue 17 item 9)', () => {
  const probe = (use: string) =>
    ruleIds(
      'renderer/src/steps/probe.tsx',
      `import { useFields, useStore } from '../store';\nexport const Probe = () => ${use};\n`,
    );

  it('refuse the whole store and selectors that build a new object or array', async () => {
    for (const use of ['useStore()', 'useStore((s) => ({ step: s.step }))', 'useStore((s) => [s.step])'])
      expect(await probe(use), use).toContain('no-restricted-syntax');
  });

  it('let components pick fields or values', async () => {
    for (const use of ["useFields('step', 'goTo')", 'useStore((s) => s.step)', 'useStore.getState()'])
      expect(await probe(use), use).not.toContain('no-restricted-syntax');
  });
});
