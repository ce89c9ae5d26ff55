// The lint rules that keep each process in its lane really fire.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

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
