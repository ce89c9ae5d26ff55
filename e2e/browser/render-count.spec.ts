// Issue 17 item 9: a store change renders only what shows it: a flash's progress events the progress lines,
// a kernel path typed on the Boot step that kernel's field, never the frame, the nav or the whole step.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { useWizard } from '../support/session';
import { makeTree } from '../support/tree';
import { goToDrives, openLocalRoot } from '../support/wizard';

const wizard = useWizard('render-count');

declare global {
  interface Window {
    /** Per React commit, the function components that rendered in it, named by their first element. */
    __commits: string[][];
    /** Every window title shown, in order. */
    __titles: string[];
  }
}

/**
 * Runs in the page before the wizard's bundle: React DOM (production builds too) reports each commit to
 * a DevTools hook when one is present. A component rendered in a commit when its props or hooks are new
 * objects since the last commit; a skipped one keeps both. Names are minified in the bundle, so each is
 * named by the first element it renders (`nav[Steps]`, `div.app`, `section[flash-title]`).
 */
function recordRenders(): void {
  type Fiber = {
    tag: number;
    child: Fiber | null;
    sibling: Fiber | null;
    alternate: Fiber | null;
    memoizedProps: unknown;
    memoizedState: unknown;
    stateNode: unknown;
  };
  const functionTags = new Set([0, 11, 14, 15]); // function, forwardRef, memo, simple memo
  const hostTag = 5;
  const seen = new WeakMap<Fiber, { props: unknown; state: unknown }>();
  const firstElement = (fiber: Fiber): Element | undefined => {
    for (let c = fiber.child; c; c = c.sibling) {
      if (c.tag === hostTag) return c.stateNode as Element;
      const found = firstElement(c);
      if (found) return found;
    }
    return undefined;
  };
  const nameOf = (fiber: Fiber): string => {
    const el = firstElement(fiber);
    if (!el) return '(nothing)';
    const label = el.getAttribute('aria-label') ?? el.getAttribute('aria-labelledby');
    const cls = el.getAttribute('class')?.split(' ')[0];
    return `${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''}${label ? `[${label}]` : ''}`;
  };
  window.__commits = [];
  window.__titles = [];
  Object.defineProperty(window, '__REACT_DEVTOOLS_GLOBAL_HOOK__', {
    value: {
      supportsFiber: true,
      isDisabled: false,
      renderers: new Map(),
      inject: () => 1,
      onCommitFiberUnmount: () => undefined,
      onPostCommitFiberRoot: () => undefined,
      onCommitFiberRoot: (_id: number, root: { current: Fiber }) => {
        const rendered: string[] = [];
        const stack: Fiber[] = [root.current];
        while (stack.length > 0) {
          const fiber = stack.pop()!;
          if (fiber.sibling) stack.push(fiber.sibling);
          if (fiber.child) stack.push(fiber.child);
          if (!functionTags.has(fiber.tag)) continue;
          const last = seen.get(fiber) ?? (fiber.alternate ? seen.get(fiber.alternate) : undefined);
          if (!last || last.props !== fiber.memoizedProps || last.state !== fiber.memoizedState)
            rendered.push(nameOf(fiber));
          const now = { props: fiber.memoizedProps, state: fiber.memoizedState };
          seen.set(fiber, now);
          if (fiber.alternate) seen.set(fiber.alternate, now);
        }
        window.__commits.push(rendered);
      },
    },
  });
  const watchTitle = () =>
    new MutationObserver(() => window.__titles.push(document.title)).observe(document.head, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  if (document.head) watchTitle();
  else document.addEventListener('DOMContentLoaded', watchTitle);
}

let recording = false;
/** Installs the recorder once for the page, before a test opens the wizard (it runs on every page load). */
async function recordRendersOnce(page: Page): Promise<void> {
  if (recording) return;
  recording = true;
  // As source text with a stand-in for the name helper tsx's compiler adds to nested functions.
  await page.addInitScript({ content: `var __name = (f) => f; (${recordRenders.toString()})();` });
}

test('issue 17 item 9: progress events during a flash render the progress lines only', async () => {
  const { page, work } = wizard;
  await recordRendersOnce(page);
  // Some seconds of writing and verifying, so the engine sends many progress events (5 a second).
  const tree = makeTree(join(work, 'tree'), { sparseBytes: 384 * 1024 * 1024 });
  await openLocalRoot(page, wizard.engine.url, tree);
  await goToDrives(page);
  await page.getByLabel('File path (created or overwritten)').fill(join(work, 'stick.img'));
  await page.getByLabel(/Size of the stick/).fill('1G');
  await page.getByRole('button', { name: 'Next: Flash' }).click();
  const before = await page.evaluate(() => window.__commits.length);
  assert.ok(before > 0, 'the DevTools hook saw the wizard render');
  await page.getByRole('button', { name: 'Erase and flash 1 target' }).click();
  await page.getByRole('heading', { name: 'All done' }).waitFor({ timeout: 120_000 });
  const commits = (await page.evaluate(() => window.__commits)).slice(before);
  const titles = await page.evaluate(() => window.__titles);
  const commitsWith = (name: string) => commits.filter((rendered) => rendered.includes(name)).length;
  const progress = commitsWith('div.progress-line');
  const report = `${commits.length} commits: ${JSON.stringify(commits)}`;
  assert.ok(progress >= 3, `too few progress renders to judge (${progress}); ${report}`);
  // The frame, the step list and the Flash step render when the job starts and when it ends, not per event.
  for (const part of ['div.app', 'nav[Steps]', 'section[flash-title]'])
    assert.ok(commitsWith(part) <= 2, `${part} rendered in ${commitsWith(part)} commits; ${report}`);
  // The window title still follows the job, from its store subscription, and is plain again at the end.
  assert.ok(
    titles.some((title) => /^\d+% · Sourcery Flasher$/.test(title)),
    `titles: ${titles.join(' | ')}`,
  );
  assert.equal(await page.title(), 'Sourcery Flasher');
});

test('issue 17 item 9: typing a kernel path renders that field only, not the Boot step', async () => {
  const { page, work } = wizard;
  await recordRendersOnce(page);
  await openLocalRoot(page, wizard.engine.url, makeTree(join(work, 'boot-tree')));
  await page.getByRole('button', { name: 'Next: Boot' }).click();
  await page.getByRole('heading', { name: 'Make it bootable' }).waitFor();
  const field = page.getByLabel(/^Kernel for amd64/);
  const typed = '/no/such/vmlinuz';
  const before = await page.evaluate(() => window.__commits.length);
  // One store change per key; no blur, so the engine is not asked to check the kernel meanwhile.
  await field.pressSequentially(typed, { delay: 10 });
  assert.equal(await field.inputValue(), typed);
  const commits = (await page.evaluate(() => window.__commits)).slice(before);
  const commitsWith = (name: string) => commits.filter((rendered) => rendered.includes(name)).length;
  const report = `${commits.length} commits: ${JSON.stringify(commits)}`;
  assert.ok(
    commitsWith('div.kernel-field') >= typed.length,
    `the field rendered too little to judge; ${report}`,
  );
  for (const part of ['div.app', 'nav[Steps]', 'section[boot-title]'])
    assert.ok(commitsWith(part) <= 2, `${part} rendered in ${commitsWith(part)} commits; ${report}`);
});
